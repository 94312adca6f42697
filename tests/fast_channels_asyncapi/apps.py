"""FastAPI applications whose AsyncAPI documents the tests check.

* :func:`mounted_app` — the consumers of ``tests/fast_channels/app.py`` plus a mounted
  sub-application (``/rooms/{room_id:int}/chat``), a ``Mount(routes=...)`` with a
  parameter of its own, an included ``APIRouter`` and a plain (non-chanx) websocket.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, WebSocket
from starlette.routing import Mount, WebSocketRoute

from tests.fast_channels import consumers
from tests.fast_channels.app import ROUTES, create_app

#: (address, consumer) of every chanx route of :func:`mounted_app`, in order.
MOUNTED_ROUTES: list[tuple[str, type]] = [
    *ROUTES,
    ("/api/v1/ordered/{slot}", consumers.OrderedConsumer),
    ("/rooms/{room_id}/chat", consumers.BehaviourConsumer),
    ("/orgs/{org}/token/", consumers.TokenConsumer),
]


async def plain_websocket(websocket: WebSocket) -> None:
    """A FastAPI websocket endpoint that is no chanx consumer."""
    await websocket.accept()
    await websocket.close()


def mounted_app() -> FastAPI:
    """The test consumers at the top level, in an included router and in mounts."""
    app = create_app()
    app.router.add_websocket_route("/ws/plain/", plain_websocket)

    router = APIRouter()
    router.add_websocket_route("/ordered/{slot}", consumers.OrderedConsumer.as_asgi())
    app.include_router(router, prefix="/api/v1")

    rooms = FastAPI()
    rooms.router.add_websocket_route("/{room_id:int}/chat", consumers.BehaviourConsumer.as_asgi())
    app.mount("/rooms", rooms)

    app.router.routes.append(
        Mount(
            "/orgs/{org}",
            routes=[
                WebSocketRoute("/token/", consumers.TokenConsumer.as_asgi()),
                WebSocketRoute("/plain/", plain_websocket),
            ],
        )
    )
    return app
