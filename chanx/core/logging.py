"""chanx's structlog logger and its stable event names.

Per-message logging is off unless a consumer sets ``log_websocket_message``; errors
are always logged (with tracebacks server-side only). Event names are part of the
public surface: dashboards and alerts may match on them.
"""

from __future__ import annotations

from typing import Final

import structlog

__all__ = ["EVENTS", "get_logger"]

EVENTS: Final[dict[str, str]] = {
    "chanx.connection.opened": "A websocket was accepted (after authentication, if any).",
    "chanx.connection.closed": "A websocket disconnected; in-flight handlers were cancelled.",
    "chanx.auth.failed": "The authenticator refused the handshake; the connection is closed.",
    "chanx.message.received": "A client frame was validated (log_websocket_message only).",
    "chanx.message.sent": "A frame was sent to the client (log_websocket_message only).",
    "chanx.message.invalid": "A client frame failed validation; an error frame was sent.",
    "chanx.message.too_large": "A client frame exceeded max_message_size; closed with 1009.",
    "chanx.message.rate_limited": "A client exceeded rate_limit (logged once per burst).",
    "chanx.connection.rate_limit_closed": "Sustained rate-limit abuse; the connection closed with 1008.",
    "chanx.connection.idle_timeout": "No client frame for idle_timeout seconds; closed with 4408.",
    "chanx.handler.failed": "A message handler raised; the client got a handler_error frame.",
    "chanx.permission.denied": "A per-handler permission refused a frame; permission_denied sent.",
    "chanx.permission.failed": "A per-handler permission raised; the client got handler_error.",
    "chanx.event.invalid": "A channel-layer event failed validation; it was dropped.",
    "chanx.event.unhandled": "A valid channel-layer event had no handler; it was dropped.",
    "chanx.event.failed": "An event handler raised; nothing was sent to the client.",
    "chanx.send.after_close": "A frame was dropped because the connection had closed.",
    "chanx.job.crashed": "A handler job escaped its own error handling (a chanx bug).",
    "chanx.topic.subscribed": "A connection subscribed to a topic (debug level).",
    "chanx.topic.refused": "A topic frame was refused: unknown_topic / not_subscribed (log_websocket_message only).",
    "chanx.topic.unauthorized": "A topic's authorize() refused a subscription.",
    "chanx.topic.authorize_failed": "A topic's authorize() raised; the client got handler_error.",
    "chanx.topic.on_subscribe_failed": "A topic's on_subscribe() raised; the subscription stays.",
    "chanx.topic.on_unsubscribe_failed": "A topic's on_unsubscribe() raised; the topic was left anyway.",
    "chanx.topic.join_failed": "Joining a topic's group failed; the subscription was refused.",
    "chanx.topic.leave_failed": "Leaving a topic's group failed (the layer was unavailable).",
    "chanx.topic.default_invalid": "The default topic could not be built from the URL; closed with 4500.",
    "chanx.asyncapi.route_skipped": "A route could not be expressed as an AsyncAPI address.",
    "chanx.asyncapi.generation_failed": "Generating the AsyncAPI document raised; see traceback.",
}


def get_logger() -> structlog.stdlib.BoundLogger:
    """The ``chanx`` logger; bind per-connection values on the returned object."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger("chanx")
    return logger
