"""The parts of an AsyncAPI 3.0 document chanx writes, as ``TypedDict``s (data only).

The generator returns a plain ``dict`` (JSON-ready); these types document its shape
and type the inputs callers hand in (servers).
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "ASYNCAPI_VERSION",
    "ChannelObject",
    "CorrelationIdObject",
    "InfoObject",
    "MessageObject",
    "OperationObject",
    "OperationReplyObject",
    "ParameterObject",
    "Reference",
    "SchemaObject",
    "SecuritySchemeObject",
    "ServerSpec",
    "TagObject",
    "TopicExtension",
]

ASYNCAPI_VERSION = "3.0.0"

#: A JSON reference, ``{"$ref": "#/components/..."}``.
Reference = dict[str, str]


class ServerSpec(TypedDict):
    """A server entry: ``host`` (``example.com:8000``), ``protocol`` (``ws``/``wss``)."""

    host: str
    protocol: str
    pathname: NotRequired[str]
    description: NotRequired[str]


class TagObject(TypedDict):
    name: str


class InfoObject(TypedDict):
    title: str
    version: str
    description: NotRequired[str]


class ParameterObject(TypedDict):
    description: NotRequired[str]


class CorrelationIdObject(TypedDict):
    location: str
    description: NotRequired[str]


class MessageObject(TypedDict):
    name: str
    title: str
    payload: Reference
    summary: NotRequired[str]
    description: NotRequired[str]
    correlationId: NotRequired[Reference]


class ChannelObject(TypedDict):
    address: str
    messages: dict[str, Reference]
    title: NotRequired[str]
    description: NotRequired[str]
    parameters: NotRequired[dict[str, ParameterObject]]
    tags: NotRequired[list[TagObject]]


class TopicExtension(TypedDict):
    """``x-topic`` of a topic channel.

    ``Topic.name``, ``Topic.pattern``, the pattern's parameter names, and the route's
    default topic when it subscribes on connect.
    """

    name: str
    pattern: str
    parameters: list[str]
    defaultTopic: NotRequired[str]


class OperationReplyObject(TypedDict):
    channel: Reference
    messages: list[Reference]


class OperationObject(TypedDict):
    action: Literal["send", "receive"]
    channel: Reference
    messages: list[Reference]
    title: NotRequired[str]
    summary: NotRequired[str]
    description: NotRequired[str]
    tags: NotRequired[list[TagObject]]
    reply: NotRequired[OperationReplyObject]
    security: NotRequired[list[Reference]]


#: An API key in the handshake (``in`` is a Python keyword, hence the functional form).
SecuritySchemeObject = TypedDict(
    "SecuritySchemeObject",
    {
        "type": Literal["httpApiKey"],
        "name": str,
        "in": Literal["query", "header", "cookie"],
        "description": NotRequired[str],
    },
)


#: JSON Schema of one component (pydantic output, rewritten for AsyncAPI).
SchemaObject = dict[str, Any]
