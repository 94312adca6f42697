"""Per-handler permissions over the wire, on Django Channels and on FastAPI.

The consumers (``PermissionsConsumer`` of each integration) bind
:class:`tests.permissions.handlers.PermissionHandlers`; users come from handshake
headers (``x-user``, ``x-roles``, ``x-tier``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from structlog.testing import capture_logs

from chanx.core.permissions import DEFAULT_DENIED_MESSAGE
from tests.behaviour.harness import Communicator, Integration, close_communicator, frames
from tests.permissions.handlers import EVALUATED, RAN, SECRET

PATH = "/ws/permissions/"
COMPLETE = {"action": "complete", "payload": None}

Open = Callable[..., Awaitable[Communicator]]


def _app_and_communicator(integration: Integration) -> tuple[Any, Any, type[Any]]:
    if integration.name == "django":
        from channels.auth import AuthMiddlewareStack
        from channels.routing import URLRouter

        from chanx.channels.routing import path
        from chanx.channels.testing import DjangoWebsocketCommunicator
        from tests.channels.testapp.consumers import PermissionsConsumer as DjangoConsumer

        app = AuthMiddlewareStack(URLRouter([path("ws/permissions/", DjangoConsumer.as_asgi())]))
        return app, DjangoWebsocketCommunicator, DjangoConsumer
    from fastapi import FastAPI

    from chanx.fast_channels.testing import WebsocketCommunicator
    from tests.fast_channels.consumers import PermissionsConsumer as FastConsumer

    fast_app = FastAPI()
    fast_app.router.add_websocket_route(PATH, FastConsumer.as_asgi())
    return fast_app, WebsocketCommunicator, FastConsumer


@pytest.fixture(autouse=True)
def _clear_records() -> None:
    RAN.clear()
    EVALUATED.clear()


@pytest.fixture
async def open_ws(integration: Integration) -> AsyncIterator[Open]:
    app, communicator_class, consumer = _app_and_communicator(integration)
    opened: list[Communicator] = []

    async def _open(user: str | None = None, roles: str = "", tier: str = "basic") -> Communicator:
        headers: list[tuple[bytes, bytes]] = []
        if user is not None:
            headers += [(b"x-user", user.encode()), (b"x-roles", roles.encode())]
            headers.append((b"x-tier", tier.encode()))
        communicator = communicator_class(app, PATH, headers=headers, consumer=consumer)
        opened.append(communicator)
        connected, detail = await communicator.connect()
        assert connected, detail
        return communicator

    yield _open
    for communicator in opened:
        await close_communicator(communicator)


async def _ask(communicator: Communicator, action: str, ref: str = "r1") -> list[Any]:
    await communicator.send_to(text_data=f'{{"action": "{action}", "ref": "{ref}"}}')
    return await frames(communicator)


def _denied(detail: str, ref: str = "r1") -> list[dict[str, Any]]:
    error = {"action": "error", "payload": {"detail": detail, "code": "permission_denied"}}
    return [{**error, "ref": ref, "version": 1}, {**COMPLETE, "ref": ref, "version": 1}]


def _done(name: str, ref: str = "r1") -> list[dict[str, Any]]:
    reply = {"action": "done", "payload": name, "ref": ref, "version": 1}
    return [reply, {**COMPLETE, "ref": ref, "version": 1}]


async def test_denied_frame_gets_permission_denied_and_the_handler_never_runs(
    open_ws: Open,
) -> None:
    ws = await open_ws("bob", roles="editor")
    assert await _ask(ws, "admin_only") == _denied("This action requires the role: admin.")
    assert RAN == []
    # The connection stays usable.
    assert await _ask(ws, "open", ref="r2") == _done("open", ref="r2")


async def test_allowed_frame_reaches_the_handler(open_ws: Open) -> None:
    ws = await open_ws("ada", roles="admin")
    assert await _ask(ws, "admin_only") == _done("admin_only")
    assert RAN == ["admin_only"]


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [("admin,editor", True), ("editor,admin,viewer", True), ("admin", False), ("editor", False)],
)
async def test_has_roles_requires_every_role(open_ws: Open, roles: str, allowed: bool) -> None:
    ws = await open_ws("ada", roles=roles)
    expected = (
        _done("admin_editor")
        if allowed
        else _denied("This action requires the roles: admin, editor.")
    )
    assert await _ask(ws, "admin_editor") == expected
    assert (["admin_editor"] if allowed else []) == RAN


async def test_anonymous_connection_has_no_roles(open_ws: Open) -> None:
    ws = await open_ws()
    assert await _ask(ws, "admin_only") == _denied("This action requires the role: admin.")
    assert await _ask(ws, "members_only", ref="r2") == _denied("Members only", ref="r2")
    assert RAN == []


async def test_custom_role_resolver(open_ws: Open) -> None:
    vip = await open_ws("carol", tier="vip")
    assert await _ask(vip, "vip") == _done("vip")
    basic = await open_ws("dave", roles="vip")  # roles are not what this resolver reads
    assert await _ask(basic, "vip") == _denied("This action requires the role: vip.")
    assert RAN == ["vip"]


async def test_async_permission(open_ws: Open) -> None:
    ada = await open_ws("ada")
    assert await _ask(ada, "async_check") == _done("async_check")
    bob = await open_ws("bob")
    assert await _ask(bob, "async_check") == _denied("Only ada may do this")
    assert RAN == ["async_check"]
    assert EVALUATED == ["IsMember", "IsAda", "IsMember", "IsAda"]


async def test_permissions_stop_at_the_first_refusal_with_the_default_detail(
    open_ws: Open,
) -> None:
    ws = await open_ws("ada", roles="admin")
    with capture_logs() as logs:
        assert await _ask(ws, "refused_first") == _denied(DEFAULT_DENIED_MESSAGE)
    assert EVALUATED == ["DenyAll"]
    assert RAN == []
    denied = [e for e in logs if e["event"] == "chanx.permission.denied"]
    assert denied
    assert denied[0]["permission"] == "DenyAll"
    assert denied[0]["action"] == "refused_first"
    assert denied[0]["ref"] == "r1"


async def test_a_raising_permission_is_a_generic_handler_error(open_ws: Open) -> None:
    ws = await open_ws("ada")
    with capture_logs() as logs:
        received = await _ask(ws, "exploding")
    error = {"detail": "Failed to process message for exploding", "code": "handler_error"}
    assert received == [
        {"action": "error", "payload": error, "ref": "r1", "version": 1},
        {**COMPLETE, "ref": "r1", "version": 1},
    ]
    assert SECRET not in str(received)
    assert RAN == []
    failed = [e for e in logs if e["event"] == "chanx.permission.failed"]
    assert failed
    assert failed[0]["log_level"] == "error"


async def test_a_ws_error_raised_by_a_permission_is_sent_as_is(open_ws: Open) -> None:
    ws = await open_ws("ada")
    error = {"detail": "Daily quota used up", "code": "quota_exceeded"}
    assert await _ask(ws, "quota") == [
        {"action": "error", "payload": error, "ref": "r1", "version": 1},
        {**COMPLETE, "ref": "r1", "version": 1},
    ]
    assert RAN == []
