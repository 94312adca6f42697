"""Route discovery from the project's ASGI application (chanx.channels.discovery)."""

from __future__ import annotations

from typing import Any

import pytest
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from structlog.testing import capture_logs

from chanx.channels.discovery import ROUTE_SKIPPED, discover_routes, parse_pattern
from chanx.channels.routing import path, re_path
from chanx.routing import RoutePatternError
from tests.channels.testapp import asgi as testapp_asgi
from tests.channels.testapp import consumers as testapp
from tests.channels_asyncapi import routing_app
from tests.channels_asyncapi.consumers import HeartbeatConsumer, PlainConsumer


def summary(routes: list[Any]) -> list[tuple[str, type, dict[str, str | None]]]:
    return [(r.path, r.consumer, {p.name: p.pattern for p in r.params}) for r in routes]


def test_walks_middleware_nested_routers_converters_and_regex_groups() -> None:
    assert summary(discover_routes(routing_app.application)) == routing_app.EXPECTED


def test_plain_channels_consumers_are_ignored() -> None:
    consumers = {r.consumer for r in discover_routes(routing_app.application)}
    assert PlainConsumer not in consumers


def test_unconvertible_route_is_skipped_with_a_warning() -> None:
    with capture_logs() as logs:
        routes = discover_routes(routing_app.application)

    skipped = [entry for entry in logs if entry["event"] == ROUTE_SKIPPED]
    assert len(skipped) == 1, logs
    assert skipped[0]["log_level"] == "warning"
    assert skipped[0]["route"] == "^bad/(a|b)/$"
    assert skipped[0]["consumers"] == ["HeartbeatConsumer"]
    assert "Unsupported regex construct" in skipped[0]["reason"]
    assert all("bad" not in r.path for r in routes)


def test_unconvertible_route_of_a_plain_consumer_is_skipped_silently() -> None:
    app = URLRouter([re_path(r"^x/(a|b)/$", PlainConsumer.as_asgi())])
    with capture_logs() as logs:
        assert discover_routes(app) == []
    assert logs == []


def test_defaults_to_settings_asgi_application() -> None:
    routes = discover_routes()

    assert [r.consumer for r in routes] == [
        p.callback.consumer_class for p in testapp_asgi.websocket_urlpatterns
    ]
    assert [(r.path, r.consumer) for r in routes][:2] == [
        ("/ws/behaviour/", testapp.BehaviourConsumer),
        ("/ws/behaviour/{room}/", testapp.BehaviourConsumer),
    ]
    rooms = next(r for r in routes if r.consumer is testapp.RoomConsumer)
    assert rooms.path == "/ws/rooms/{room_name}/"
    assert [(p.name, p.pattern) for p in rooms.params] == [("room_name", r"[\w-]+")]


@override_settings(ASGI_APPLICATION="tests.channels_asyncapi.routing_app.application")
def test_reads_asgi_application_at_call_time() -> None:
    assert summary(discover_routes()) == routing_app.EXPECTED


@override_settings(ASGI_APPLICATION=None)
def test_missing_asgi_application_setting() -> None:
    with pytest.raises(ImproperlyConfigured, match="ASGI_APPLICATION is not set"):
        discover_routes()


@override_settings(ASGI_APPLICATION="tests.channels_asyncapi.nowhere.application")
def test_unimportable_asgi_application_setting() -> None:
    with pytest.raises(ImproperlyConfigured, match="Cannot import ASGI_APPLICATION"):
        discover_routes()


def test_protocol_router_without_websocket() -> None:
    assert discover_routes(ProtocolTypeRouter({"http": routing_app.http_application})) == []


def test_bare_router_and_bare_consumer_app() -> None:
    router = URLRouter([path("ws/<slug:s>/", HeartbeatConsumer.as_asgi())])
    assert summary(discover_routes(router)) == [
        ("/ws/{s}/", HeartbeatConsumer, {"s": "[-a-zA-Z0-9_]+"})
    ]
    assert summary(discover_routes(HeartbeatConsumer.as_asgi())) == [("/", HeartbeatConsumer, {})]


def test_same_parameter_twice_in_nested_routers_is_skipped() -> None:
    inner = URLRouter([path("<int:room>/", HeartbeatConsumer.as_asgi())])
    app = URLRouter([re_path(r"^(?P<room>\w+)/", inner)])
    with capture_logs() as logs:
        assert discover_routes(app) == []
    assert [e["event"] for e in logs] == [ROUTE_SKIPPED]
    assert "appears twice" in logs[0]["reason"]


def test_cyclic_middleware_does_not_loop() -> None:
    class Loop:
        def __init__(self) -> None:
            self.inner = self

    assert discover_routes(Loop()) == []


def test_parse_pattern_rejects_unknown_pattern_types() -> None:
    with pytest.raises(RoutePatternError, match="Unsupported URL pattern type"):
        parse_pattern(object())
