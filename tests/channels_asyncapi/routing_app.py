"""An ASGI app exercising discovery: middleware stacks, nested routers, converters, regex.

Expected routes (see ``EXPECTED``) — and two that are left out: the plain Channels
consumer and ``^bad/(a|b)/$`` (an unnamed group cannot be an address).
"""

from __future__ import annotations

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from channels.sessions import SessionMiddlewareStack
from django.urls import register_converter

from chanx.channels.routing import path, re_path
from tests.channels_asyncapi.consumers import HeartbeatConsumer, PlainConsumer, WeatherConsumer


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


register_converter(YearConverter, "chanx_year")

room_router = URLRouter(
    [
        path("<int:room_id>/", WeatherConsumer.as_asgi()),
        re_path(r"^(?P<slug>[-\w]+)/live/$", HeartbeatConsumer.as_asgi()),
        path("plain/", PlainConsumer.as_asgi()),
    ]
)

versioned_router = URLRouter([path("<str:name>/", HeartbeatConsumer.as_asgi())])

websocket_urlpatterns = [
    re_path(r"^ws/rooms/", SessionMiddlewareStack(URLRouter([path("", room_router)]))),
    re_path(r"^api/(?P<version>v[0-9]+)/", OriginValidator(versioned_router, ["*"])),
    path("ws/archive/<chanx_year:year>/", WeatherConsumer.as_asgi()),
    re_path(r"^bad/(a|b)/$", HeartbeatConsumer.as_asgi()),
    path("ws/plain/", PlainConsumer.as_asgi()),
    path("ws/heartbeat", HeartbeatConsumer.as_asgi()),
]

websocket_application = AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
)


async def http_application(scope: object, receive: object, send: object) -> None:
    raise NotImplementedError  # pragma: no cover - never served


application = ProtocolTypeRouter({"http": http_application, "websocket": websocket_application})

#: (address, consumer, {param: pattern}) of every documented route, in order.
EXPECTED: list[tuple[str, type, dict[str, str | None]]] = [
    ("/ws/rooms/{room_id}/", WeatherConsumer, {"room_id": "[0-9]+"}),
    ("/ws/rooms/{slug}/live/", HeartbeatConsumer, {"slug": r"[-\w]+"}),
    ("/api/{version}/{name}/", HeartbeatConsumer, {"version": "v[0-9]+", "name": "[^/]+"}),
    ("/ws/archive/{year}/", WeatherConsumer, {"year": "[0-9]{4}"}),
    ("/ws/heartbeat", HeartbeatConsumer, {}),
]
