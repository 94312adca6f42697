"""``chanx.fast_channels.discovery.discover_routes`` walks ``app.routes``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.applications import Starlette
from starlette.convertors import Convertor
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Host, Mount, Router, WebSocketRoute
from starlette.types import Receive, Scope, Send
from structlog.testing import capture_logs

from chanx.fast_channels.discovery import (
    ROUTE_SKIPPED,
    chanx_consumer_of,
    discover_routes,
    parse_route_path,
)
from chanx.routing import RouteInfo
from tests.fast_channels import consumers
from tests.fast_channels.app import ROUTES, create_app
from tests.fast_channels_asyncapi.apps import MOUNTED_ROUTES, mounted_app, plain_websocket


def summary(routes: list[RouteInfo]) -> list[tuple[str, type, dict[str, str | None]]]:
    return [(r.path, r.consumer, {p.name: p.pattern for p in r.params}) for r in routes]


def test_routes_of_the_fastapi_test_app_in_order() -> None:
    routes = discover_routes(create_app())

    assert [(r.path, r.consumer) for r in routes] == ROUTES
    assert summary(routes)[1] == (
        "/ws/behaviour/{room}/",
        consumers.BehaviourConsumer,
        {"room": "[^/]+"},
    )


def test_mounts_included_routers_and_parameters() -> None:
    routes = discover_routes(mounted_app())

    assert [(r.path, r.consumer) for r in routes] == MOUNTED_ROUTES
    assert summary(routes)[-3:] == [
        ("/api/v1/ordered/{slot}", consumers.OrderedConsumer, {"slot": "[^/]+"}),
        ("/rooms/{room_id}/chat", consumers.BehaviourConsumer, {"room_id": "[0-9]+"}),
        ("/orgs/{org}/token/", consumers.TokenConsumer, {"org": "[^/]+"}),
    ]


def test_non_chanx_websockets_and_http_routes_are_ignored() -> None:
    app = FastAPI()

    @app.websocket("/ws/decorated")
    async def decorated(websocket: Any) -> None:  # pragma: no cover - never called
        await websocket.close()

    @app.get("/http")
    async def http() -> dict[str, str]:  # pragma: no cover - never called
        return {}

    app.router.add_websocket_route("/ws/plain", plain_websocket)

    assert discover_routes(app) == []


async def asgi_app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
    """A mounted ASGI app without routes."""


def test_nested_mounts_middleware_and_hosts() -> None:
    inner = Starlette(routes=[WebSocketRoute("/deep/{n:int}", consumers.CamelConsumer.as_asgi())])
    app = Starlette(
        routes=[
            Mount(
                "/a/{tenant}",
                routes=[Mount("/b", app=CORSMiddleware(inner, allow_origins=["*"]))],
            ),
            Host("api.example.com", Router([WebSocketRoute("/h", consumers.SmallFramesConsumer)])),
            Mount("/other", app=asgi_app),
        ]
    )

    assert summary(discover_routes(app)) == [
        ("/a/{tenant}/b/deep/{n}", consumers.CamelConsumer, {"tenant": "[^/]+", "n": "[0-9]+"}),
        ("/h", consumers.SmallFramesConsumer, {}),
    ]


def test_nested_include_router_prefixes() -> None:
    inner = APIRouter()
    inner.add_websocket_route("/deep/{k:float}", consumers.OrderedConsumer.as_asgi())
    outer = APIRouter()
    outer.add_websocket_route("/top", consumers.CompletionConsumer.as_asgi())
    outer.include_router(inner, prefix="/in")
    app = FastAPI()
    app.include_router(outer, prefix="/v1")

    assert summary(discover_routes(app)) == [
        ("/v1/top", consumers.CompletionConsumer, {}),
        ("/v1/in/deep/{k}", consumers.OrderedConsumer, {"k": r"[0-9]+(\.[0-9]+)?"}),
    ]


def test_a_router_or_a_bare_consumer_class_endpoint() -> None:
    router = APIRouter(routes=[WebSocketRoute("/c", consumers.CamelConsumer)])

    assert summary(discover_routes(router)) == [("/c", consumers.CamelConsumer, {})]
    assert chanx_consumer_of(consumers.CamelConsumer.as_asgi()) is consumers.CamelConsumer
    assert chanx_consumer_of(plain_websocket) is None
    assert chanx_consumer_of(object) is None


class HexConvertor(Convertor[int]):
    regex = "[0-9a-f]+"

    def convert(self, value: str) -> int:  # pragma: no cover - routing only
        return int(value, 16)

    def to_string(self, value: int) -> str:  # pragma: no cover - routing only
        return format(value, "x")


def test_custom_convertor_pattern_comes_from_its_regex() -> None:
    parsed = parse_route_path("/x/{code:hex}", {"code": HexConvertor()})
    assert parsed.address == "/x/{code}"
    assert parsed.params[0].pattern == "[0-9a-f]+"
    assert parse_route_path("/x/{code:hex}").params[0].pattern is None


def test_same_parameter_in_mount_and_route_is_skipped_with_a_warning() -> None:
    app = Starlette(
        routes=[
            Mount("/r/{room}", routes=[WebSocketRoute("/{room}", consumers.TokenConsumer)]),
            WebSocketRoute("/ok", consumers.TokenConsumer),
        ]
    )

    with capture_logs() as logs:
        routes = discover_routes(app)

    assert [r.path for r in routes] == ["/ok"]
    skipped = [entry for entry in logs if entry["event"] == ROUTE_SKIPPED]
    assert len(skipped) == 1, logs
    assert skipped[0]["log_level"] == "warning"
    assert skipped[0]["route"] == "/r/{room}/{room}"
    assert skipped[0]["consumers"] == ["TokenConsumer"]
    assert "appears twice" in skipped[0]["reason"]


def test_unconvertible_mount_without_chanx_consumers_is_skipped_silently() -> None:
    app = Starlette(routes=[Mount("/x/{a-b}", routes=[WebSocketRoute("/", plain_websocket)])])
    with capture_logs() as logs:
        assert discover_routes(app) == []
    assert logs == []


def test_unconvertible_mount_names_the_consumers_below_it() -> None:
    app = Starlette(
        routes=[Mount("/x/{a-b}", routes=[WebSocketRoute("/", consumers.OrderedConsumer)])]
    )
    with capture_logs() as logs:
        assert discover_routes(app) == []
    assert [e["consumers"] for e in logs if e["event"] == ROUTE_SKIPPED] == [["OrderedConsumer"]]
