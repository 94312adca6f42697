"""The two implementations under test, doing the same work per frame.

Both decode JSON, dispatch on ``action``, validate the frame with the same pydantic
models and reply with the model's JSON; both join the ``bench`` group on connect.
:class:`ChanxConsumer` does it with ``@ws_handler``, :class:`PlainConsumer` by hand
on Channels' ``AsyncJsonWebsocketConsumer``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from pydantic import BaseModel, ValidationError

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage

GROUP = "bench"
TOKEN_HEADER = b"x-bench-token"
TOKEN = b"bench-secret"


class Item(BaseModel):
    sku: str
    qty: int
    price: float


class User(BaseModel):
    id: int
    name: str
    roles: list[str]


class EchoPayload(BaseModel):
    seq: int
    user: User
    items: list[Item]
    note: str


class EchoMessage(BaseMessage):
    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoReply(BaseMessage):
    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoPayload


class BroadcastPayload(BaseModel):
    seq: int
    note: str


class BroadcastMessage(BaseMessage):
    action: Literal["broadcast"] = "broadcast"
    payload: BroadcastPayload


class BroadcastOut(BaseMessage):
    action: Literal["broadcast_out"] = "broadcast_out"
    payload: BroadcastPayload


def has_token(scope: dict[str, Any]) -> bool:
    return any(name == TOKEN_HEADER and value == TOKEN for name, value in scope["headers"])


# ---------------------------------------------------------------------- chanx


class BenchAuthenticator(BaseAuthenticator):
    """Trivial header check."""

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        if has_token(scope):
            self.user = "bench"
            return True
        return self.deny(401, "Missing token")


class ChanxConsumer(AsyncJsonWebsocketConsumer):
    groups = [GROUP]
    channel_layer_alias = "chanx"  # chanx's in-memory layer (see settings.py)

    @ws_handler
    async def echo(self, message: EchoMessage) -> EchoReply:
        return EchoReply(payload=message.payload)

    @ws_handler
    async def broadcast(self, message: BroadcastMessage) -> None:
        await self.broadcast_message(BroadcastOut(payload=message.payload))


class ChanxAuthConsumer(ChanxConsumer):
    authenticator_class = BenchAuthenticator


# ---------------------------------------------------------------------- hand-written


class PlainConsumer(ChannelsJsonConsumer):  # type: ignore[misc]
    groups = [GROUP]

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        route = self.routes.get(action) if isinstance(action, str) else None
        if route is None:
            await self.send_error("unknown action")
            return
        model, handler = route
        try:
            message = model.model_validate(content)
        except ValidationError as exc:
            await self.send_error(exc.errors(include_url=False, include_input=False))
            return
        await handler(self, message)

    async def send_error(self, detail: Any) -> None:
        await self.send(text_data=json.dumps({"action": "error", "payload": detail}))

    async def echo(self, message: EchoMessage) -> None:
        await self.send(text_data=EchoReply(payload=message.payload).model_dump_json())

    async def broadcast(self, message: BroadcastMessage) -> None:
        out = BroadcastOut(payload=message.payload)
        await self.channel_layer.group_send(
            GROUP, {"type": "bench.broadcast", "message": out.model_dump(mode="json")}
        )

    async def bench_broadcast(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(event["message"]))

    routes: dict[str, tuple[type[BaseMessage], Callable[[Any, Any], Awaitable[None]]]] = {
        "echo": (EchoMessage, echo),
        "broadcast": (BroadcastMessage, broadcast),
    }


class PlainAuthConsumer(PlainConsumer):
    async def connect(self) -> None:
        await self.accept()
        if not has_token(self.scope):
            await self.send_authentication(401, "Unauthorized", "Missing token")
            await self.close(code=4401)
            return
        await self.send_authentication(200, "OK", "OK")

    async def send_authentication(self, code: int, text: str, detail: str) -> None:
        payload = {"status_code": code, "status_text": text, "data": {"detail": detail}}
        await self.send(text_data=json.dumps({"action": "authentication", "payload": payload}))
