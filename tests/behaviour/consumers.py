"""Handler mixins shared by every integration's behaviour-suite consumers.

Each integration binds them to its ``AsyncJsonWebsocketConsumer``; the handlers and
so the observable behaviour are identical on both.
"""

from __future__ import annotations

import asyncio

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.errors import WsError
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.behaviour.messages import (
    AnnouncementEvent,
    BrokenEvent,
    CamelMessage,
    CamelReply,
    ChannelNamePayload,
    DomainErrorMessage,
    EchoMessage,
    EchoReply,
    FailMessage,
    GroupAck,
    JoinMessage,
    LeaveMessage,
    NotificationMessage,
    NotifyEvent,
    ServerTimeMessage,
    ShoutedMessage,
    ShoutMessage,
    SilentMessage,
    SleepMessage,
    SleepReply,
    TextPayload,
    TwoRepliesMessage,
    WhoAmIMessage,
    WhoAmIReply,
)

SECRET_IN_EXCEPTION = "db-password=hunter2"

#: Tags of sleep handlers that finished (checked by the cancellation tests).
FINISHED_SLEEPS: list[str] = []


class BehaviourHandlers:
    """Every consumer feature the behaviour suite exercises."""

    groups = ["lobby"]
    passthrough_events = [AnnouncementEvent]
    emits = [ServerTimeMessage]

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def echo(self, message: EchoMessage) -> EchoReply:
        """Send the text back."""
        return EchoReply(payload=message.payload)

    @ws_handler
    async def fail(self, message: FailMessage) -> None:
        raise RuntimeError(f"boom: {SECRET_IN_EXCEPTION}")

    @ws_handler
    async def domain_error(self, message: DomainErrorMessage) -> None:
        raise WsError("room_not_found", "That room does not exist")

    @ws_handler
    async def sleep(self, message: SleepMessage) -> SleepReply:
        await asyncio.sleep(message.payload.seconds)
        FINISHED_SLEEPS.append(message.payload.tag)
        return SleepReply(payload=message.payload)

    @ws_handler
    async def two_replies(self, message: TwoRepliesMessage) -> list[EchoReply]:
        return [
            EchoReply(payload=TextPayload(message="one")),
            EchoReply(payload=TextPayload(message="two")),
        ]

    @ws_handler
    async def silent(self, message: SilentMessage) -> None:
        return None

    @ws_handler
    async def join(self, message: JoinMessage) -> GroupAck:
        await self.join_group(message.payload.group)  # type: ignore[attr-defined]
        return GroupAck(payload=message.payload)

    @ws_handler
    async def leave(self, message: LeaveMessage) -> GroupAck:
        await self.leave_group(message.payload.group)  # type: ignore[attr-defined]
        return GroupAck(payload=message.payload)

    @ws_handler(output_type=ShoutedMessage)
    async def shout(self, message: ShoutMessage) -> None:
        groups = [message.payload.group] if message.payload.group else None
        await self.broadcast_message(  # type: ignore[attr-defined]
            ShoutedMessage(payload=TextPayload(message=message.payload.message)),
            groups,
            exclude_current=message.payload.exclude_current,
        )

    @ws_handler
    async def whoami(self, message: WhoAmIMessage) -> WhoAmIReply:
        return WhoAmIReply(
            payload=ChannelNamePayload(
                channel_name=self.channel_name,  # type: ignore[attr-defined]
                url_params={k: str(v) for k, v in self.url_params.items()},  # type: ignore[attr-defined]
            )
        )

    @ws_handler
    async def camel_case(self, message: CamelMessage) -> CamelReply:
        payload = message.payload.model_copy(
            update={"last_name_length": len(message.payload.first_name)}
        )
        return CamelReply(payload=payload)

    @event_handler
    async def notify(self, event: NotifyEvent) -> NotificationMessage:
        return NotificationMessage(payload=event.payload)

    @event_handler
    async def broken(self, event: BrokenEvent) -> None:
        raise RuntimeError(f"event boom: {SECRET_IN_EXCEPTION}")
