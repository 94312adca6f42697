"""Messages of the behaviour-suite consumers (framework-free)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class TextPayload(BaseModel):
    message: str


class EchoMessage(BaseMessage):
    action: Literal["echo"] = "echo"
    payload: TextPayload


class EchoReply(BaseMessage):
    action: Literal["echo_reply"] = "echo_reply"
    payload: TextPayload


class FailMessage(BaseMessage):
    """Makes the handler raise an exception whose text must never reach the client."""

    action: Literal["fail"] = "fail"
    payload: None = None


class DomainErrorMessage(BaseMessage):
    action: Literal["domain_error"] = "domain_error"
    payload: None = None


class SleepPayload(BaseModel):
    seconds: float
    tag: str


class SleepMessage(BaseMessage):
    action: Literal["sleep"] = "sleep"
    payload: SleepPayload


class SleepReply(BaseMessage):
    action: Literal["slept"] = "slept"
    payload: SleepPayload


class TwoRepliesMessage(BaseMessage):
    action: Literal["two_replies"] = "two_replies"
    payload: None = None


class SilentMessage(BaseMessage):
    action: Literal["silent"] = "silent"
    payload: None = None


class GroupPayload(BaseModel):
    group: str


class JoinMessage(BaseMessage):
    action: Literal["join"] = "join"
    payload: GroupPayload


class LeaveMessage(BaseMessage):
    action: Literal["leave"] = "leave"
    payload: GroupPayload


class GroupAck(BaseMessage):
    action: Literal["group_ack"] = "group_ack"
    payload: GroupPayload


class ShoutPayload(BaseModel):
    message: str
    group: str | None = None
    exclude_current: bool = False


class ShoutMessage(BaseMessage):
    action: Literal["shout"] = "shout"
    payload: ShoutPayload


class ShoutedMessage(BaseMessage):
    action: Literal["shouted"] = "shouted"
    payload: TextPayload


class WhoAmIMessage(BaseMessage):
    action: Literal["whoami"] = "whoami"
    payload: None = None


class ChannelNamePayload(BaseModel):
    channel_name: str
    url_params: dict[str, str]


class WhoAmIReply(BaseMessage):
    action: Literal["you_are"] = "you_are"
    payload: ChannelNamePayload


class CamelPayload(BaseModel):
    first_name: str
    last_name_length: int = 0


class CamelMessage(BaseMessage):
    action: Literal["camel_case"] = "camel_case"
    payload: CamelPayload


class CamelReply(BaseMessage):
    action: Literal["camel_reply"] = "camel_reply"
    payload: CamelPayload


class NotifyPayload(BaseModel):
    text: str


class NotifyEvent(BaseMessage):
    """A channel-layer event the consumer turns into a client message."""

    action: Literal["notify"] = "notify"
    payload: NotifyPayload


class NotificationMessage(BaseMessage):
    action: Literal["notification"] = "notification"
    payload: NotifyPayload


class BrokenEvent(BaseMessage):
    """An event whose handler raises."""

    action: Literal["broken"] = "broken"
    payload: None = None


class AnnouncementEvent(BaseMessage):
    """Passed through to clients unchanged."""

    action: Literal["announcement"] = "announcement"
    payload: NotifyPayload


class ServerTimeMessage(BaseMessage):
    """Sent outside any handler (documented through ``emits``)."""

    action: Literal["server_time"] = "server_time"
    payload: float
