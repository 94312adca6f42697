"""Every exception chanx raises, in one place.

Hierarchy::

    ChanxError
    ├── WsError                     a handler reports a domain error to the client
    ├── HandlerDefinitionError      (also TypeError) a handler or consumer is mis-declared
    │   └── DuplicateHandlerError   two methods claim one action
    ├── MissingInputTypeError       (also ValueError) a handler has no input message type
    ├── ChannelLayerNotConfigured   (also LookupError) events need a channel layer
    │   └── TopicLayerNotFound      a topic broadcast found no layer to use
    └── ChannelLayerUnavailable     (also ConnectionError) a channel-layer call failed

Wire error codes (the ``code`` of ``{"detail", "code"}`` error payloads) are listed in
:data:`ERROR_CODES` and documented in ``docs/protocol.md``.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "ERROR_CODES",
    "TOPIC_ERROR_REASONS",
    "ChannelLayerNotConfigured",
    "ChannelLayerUnavailable",
    "ChanxError",
    "DuplicateHandlerError",
    "ErrorCode",
    "HandlerDefinitionError",
    "MissingInputTypeError",
    "TopicLayerNotFound",
    "WsError",
]

ErrorCode = Literal[
    "handler_error",
    "message_too_large",
    "permission_denied",
    "rate_limited",
]

#: Codes chanx itself puts in ``{"detail", "code"}`` error payloads, with their meaning.
ERROR_CODES: Final[dict[str, str]] = {
    "handler_error": "The handler raised an unexpected exception; details are in the server log.",
    "message_too_large": "The frame exceeded max_message_size; the connection closes with 1009.",
    "permission_denied": "A per-handler permission check refused the message.",
    "rate_limited": "The connection sent frames faster than its rate limit allows.",
}

#: ``reason`` values of topic error payloads (``{"reason", "code", "detail"}``).
TOPIC_ERROR_REASONS: Final[dict[str, str]] = {
    "unknown_topic": "No topic mounted on this consumer matches the frame's topic.",
    "unauthorized": "The topic's authorize() refused the subscription.",
    "not_subscribed": "The frame is for a topic this connection has not subscribed to.",
    "too_many_subscriptions": "The connection reached max_topic_subscriptions.",
}


class ChanxError(Exception):
    """Root of chanx's exceptions."""


class WsError(ChanxError):
    """Raise from a handler to send ``{"detail": detail, "code": code}`` to the client.

    The code is yours to choose (``"not_found"``, ``"room_full"``...); the connection
    stays open and nothing is logged as a server error.
    """

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class HandlerDefinitionError(ChanxError, TypeError):
    """A handler, message or consumer is declared in a way chanx cannot route."""


class DuplicateHandlerError(HandlerDefinitionError):
    """Two different methods of one consumer handle the same action."""


class MissingInputTypeError(ChanxError, ValueError):
    """A handler has neither an annotated first parameter nor ``input_type=``."""


class ChannelLayerNotConfigured(ChanxError, LookupError):
    """Group or event messaging was asked for but no channel layer is configured."""


class TopicLayerNotFound(ChannelLayerNotConfigured):
    """``Topic.broadcast`` found no consumer mounting the topic with a channel layer."""


class ChannelLayerUnavailable(ChanxError, ConnectionError):
    """A channel-layer call (``send``/``group_send``) failed or did not finish in time.

    Raised by ``broadcast_message``, ``send_event`` and ``broadcast_event`` (and their
    ``_sync`` variants) when the layer's backend is down or unreachable, after at most
    :data:`chanx.core.groups.DEFAULT_LAYER_TIMEOUT` seconds per layer call. The
    underlying exception is ``__cause__``. Nothing is retried: the caller decides.
    """
