"""Protocol constants shared by every integration."""

from typing import Final

__all__ = [
    "CLOSE_FORBIDDEN",
    "CLOSE_IDLE_TIMEOUT",
    "CLOSE_MESSAGE_TOO_LARGE",
    "CLOSE_POLICY_VIOLATION",
    "CLOSE_SERVER_ERROR",
    "CLOSE_UNAUTHENTICATED",
    "COMPLETE_ACTIONS",
    "DEFAULT_MAX_CONCURRENT_HANDLERS",
    "DEFAULT_MAX_JSON_DEPTH",
    "DEFAULT_MAX_MESSAGE_SIZE",
    "DEFAULT_MAX_TOPIC_SUBSCRIPTIONS",
    "DEFAULT_RATE_LIMIT_CLOSE_AFTER",
    "EVENT_ACTION_COMPLETE",
    "GROUP_ACTION_COMPLETE",
    "MAX_GROUP_NAME_LENGTH",
    "MESSAGE_ACTION_COMPLETE",
    "PROTOCOL_VERSION",
]

MESSAGE_ACTION_COMPLETE: Final = "complete"
GROUP_ACTION_COMPLETE: Final = "group_complete"
EVENT_ACTION_COMPLETE: Final = "event_complete"
COMPLETE_ACTIONS: Final = frozenset(
    {MESSAGE_ACTION_COMPLETE, GROUP_ACTION_COMPLETE, EVENT_ACTION_COMPLETE}
)

#: Close code sent when authentication fails without an HTTP-like status.
CLOSE_UNAUTHENTICATED: Final = 4401
#: RFC 6455 close code for a message too big to process.
CLOSE_MESSAGE_TOO_LARGE: Final = 1009
#: RFC 6455 close code for a policy violation (e.g. sustained rate-limit abuse).
CLOSE_POLICY_VIOLATION: Final = 1008
#: Close code when the connection's default topic refuses it (4000 + 403).
CLOSE_FORBIDDEN: Final = 4403
#: Close code when the server cannot set the connection up (4000 + 500).
CLOSE_SERVER_ERROR: Final = 4500
#: Close code of a connection that sent nothing for ``idle_timeout`` seconds (4000 + 408).
CLOSE_IDLE_TIMEOUT: Final = 4408

#: Channel layers reject group names of 100 characters or more.
MAX_GROUP_NAME_LENGTH: Final = 99

#: Version number carried by frames that echo a client ``ref``.
PROTOCOL_VERSION: Final = 1

DEFAULT_MAX_MESSAGE_SIZE: Final = 1024 * 1024
DEFAULT_MAX_CONCURRENT_HANDLERS: Final = 16
#: Arrays/objects nested deeper than this are answered with ``json_invalid``.
DEFAULT_MAX_JSON_DEPTH: Final = 32
#: Consecutive rate-limited frames after which the connection closes with 1008.
DEFAULT_RATE_LIMIT_CLOSE_AFTER: Final = 10
#: Topic subscriptions one connection may hold at once.
DEFAULT_MAX_TOPIC_SUBSCRIPTIONS: Final = 1000
