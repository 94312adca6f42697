"""``chanx.channels.routing``: ``path``, ``re_path`` and ``include``."""

from __future__ import annotations

import django.urls
import pytest
from channels.routing import URLRouter

from chanx.channels import routing
from tests.channels.helpers import Connect, send_raw
from tests.channels.testapp import asgi
from tests.channels.testapp.consumers import BehaviourConsumer

TESTAPP = "tests.channels.testapp.asgi"


def test_path_and_re_path_are_djangos() -> None:
    assert routing.path is django.urls.path
    assert routing.re_path is django.urls.re_path


def test_include_returns_the_modules_router() -> None:
    assert routing.include(TESTAPP) is asgi.router
    assert isinstance(routing.include(TESTAPP), URLRouter)


def test_include_of_a_module_without_router_is_an_import_error() -> None:
    with pytest.raises(ImportError, match="router"):
        routing.include("tests.channels.testapp.models")


def test_include_of_a_missing_module_is_an_import_error() -> None:
    with pytest.raises(ImportError):
        routing.include("tests.channels.testapp.does_not_exist")


async def _whoami(communicator: object) -> dict[str, str]:
    await send_raw(communicator, {"action": "whoami"})  # type: ignore[arg-type]
    reply = await communicator.receive_json()  # type: ignore[attr-defined]
    assert reply["action"] == "you_are"
    params: dict[str, str] = reply["payload"]["url_params"]
    return params


async def test_nested_include_routes_to_the_consumer(connect: Connect) -> None:
    app = URLRouter([routing.path("prefix/", routing.include(TESTAPP))])
    communicator = await connect("/prefix/ws/behaviour/", BehaviourConsumer, app=app)
    await send_raw(communicator, {"action": "ping"})
    assert await communicator.receive_json() == {"action": "pong", "payload": None}


async def test_nested_include_merges_path_parameters(connect: Connect) -> None:
    app = URLRouter([routing.path("tenants/<str:tenant>/", routing.include(TESTAPP))])
    communicator = await connect("/tenants/acme/ws/behaviour/kitchen/", BehaviourConsumer, app=app)
    assert await _whoami(communicator) == {"tenant": "acme", "room": "kitchen"}


async def test_re_path_groups_become_url_params(connect: Connect) -> None:
    app = URLRouter([routing.re_path(r"^regex/(?P<slug>[a-z]+)/$", BehaviourConsumer.as_asgi())])
    communicator = await connect("/regex/abc/", BehaviourConsumer, app=app)
    assert await _whoami(communicator) == {"slug": "abc"}


async def test_unrouted_path_is_refused() -> None:
    from chanx.channels.testing import DjangoWebsocketCommunicator

    app = URLRouter([routing.path("prefix/", routing.include(TESTAPP))])
    communicator = DjangoWebsocketCommunicator(app, "/ws/behaviour/", consumer=BehaviourConsumer)
    with pytest.raises(ValueError, match="No route found"):
        await communicator.connect()
