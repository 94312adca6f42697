"""The system consumer: no authentication, request/response only."""

from __future__ import annotations

from chanx.core.decorators import channel, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from sandbox_fastapi.system.messages import (
    CrashMessage,
    EchoMessage,
    EchoReplyMessage,
    EchoReplyPayload,
)


class SandboxCrash(RuntimeError):
    """Raised on purpose by the ``crash`` action; never shown to clients."""


@channel(
    name="system",
    description="Liveness and echo endpoint; also shows how chanx reports bad frames.",
    tags=["system"],
)
class SystemConsumer(AsyncJsonWebsocketConsumer):
    """Unauthenticated request/response channel at ``/ws/system``."""

    @ws_handler(summary="Liveness check", tags=["system"])
    async def ping(self, message: PingMessage) -> PongMessage:
        """Answer ``ping`` with ``pong``."""
        return PongMessage()

    @ws_handler(summary="Echo text back", tags=["system"])
    async def echo(self, message: EchoMessage) -> EchoReplyMessage:
        """Echo ``payload.text``, repeated and optionally upper-cased."""
        options = message.payload.options
        text = message.payload.text * options.repeat
        if options.uppercase:
            text = text.upper()
        return EchoReplyMessage(
            payload=EchoReplyPayload(text=text, length=len(text), options=options)
        )

    @ws_handler(summary="Fail on purpose", tags=["system", "demo"])
    async def crash(self, message: CrashMessage) -> None:
        """Raise, to demonstrate the ``handler_error`` frame (details stay in the server log)."""
        raise SandboxCrash("sandbox crash requested; this text stays in the server log")
