"""Reserved topic-subscription frames (the topic name travels in the envelope)."""

from typing import Literal

from chanx.messages.base import BaseMessage

__all__ = [
    "SubscribeMessage",
    "SubscribedMessage",
    "UnsubscribeMessage",
    "UnsubscribedMessage",
]


class SubscribeMessage(BaseMessage):
    """Client asks to subscribe to the frame's ``topic``."""

    action: Literal["subscribe"] = "subscribe"
    payload: None = None


class SubscribedMessage(BaseMessage):
    """Server confirms a subscription."""

    action: Literal["subscribed"] = "subscribed"
    payload: None = None


class UnsubscribeMessage(BaseMessage):
    """Client asks to leave the frame's ``topic``."""

    action: Literal["unsubscribe"] = "unsubscribe"
    payload: None = None


class UnsubscribedMessage(BaseMessage):
    """Server confirms an unsubscription."""

    action: Literal["unsubscribed"] = "unsubscribed"
    payload: None = None
