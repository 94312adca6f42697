"""Turning messages into wire text, and the error payloads of the protocol.

Replies are serialised straight to JSON text by pydantic; a client ``ref`` is spliced
into the object without re-parsing it. Only camelizing consumers go through a dict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import humps
from pydantic import ValidationError

from chanx.constants import PROTOCOL_VERSION
from chanx.messages.base import BaseMessage

__all__ = [
    "TopicTag",
    "encode_dict",
    "encode_message",
    "error_detail",
    "json_invalid_errors",
    "topic_error",
    "validation_errors",
]

_VERSION = f'"version":{PROTOCOL_VERSION},'

#: Where a frame belongs: the topic it is about and, for topic broadcasts, its ``seq``.
TopicTag = tuple[str, int | None]


def encode_message(
    message: BaseMessage, *, camelize: bool, ref: str | None, topic: TopicTag | None = None
) -> str:
    """Wire text of ``message``, camelized if asked, with its envelope keys.

    Envelope keys (``topic``, ``seq``, ``ref`` and then ``version``) lead the object;
    a frame without any of them is exactly the message's JSON.
    """
    if camelize:
        return encode_dict(message.model_dump(mode="json"), camelize=True, ref=ref, topic=topic)
    body = message.model_dump_json()
    if ref is None and topic is None:
        return body
    return _envelope_prefix(ref, topic) + body[1:]


def _envelope_prefix(ref: str | None, topic: TopicTag | None) -> str:
    prefix = "{"
    if topic is not None:
        prefix += '"topic":' + json.dumps(topic[0]) + ","
        if topic[1] is not None:
            prefix += f'"seq":{int(topic[1])},'
    if ref is not None:
        prefix += '"ref":' + json.dumps(ref) + ","
    return prefix + _VERSION


def encode_dict(
    content: Mapping[str, Any],
    *,
    camelize: bool,
    ref: str | None,
    topic: TopicTag | None = None,
) -> str:
    """Wire text of an already dumped message (group messages arrive as dicts)."""
    frame: dict[str, Any] = humps.camelize(dict(content)) if camelize else dict(content)
    if topic is not None:
        frame["topic"] = topic[0]
        if topic[1] is not None:
            frame["seq"] = topic[1]
    if ref is not None:
        frame["ref"] = ref
    if ref is not None or topic is not None:
        frame["version"] = PROTOCOL_VERSION
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def validation_errors(error: ValidationError, *, camelize: bool = False) -> list[dict[str, Any]]:
    """Pydantic errors as sent to clients: no ``input``, ``ctx`` or ``url``.

    With ``camelize`` the field names in ``loc`` are camelized like the client's keys
    (the first element, the action tag, is a value and stays as it is).
    """
    return [
        {"type": e["type"], "loc": _client_loc(e["loc"], camelize), "msg": e["msg"]}
        for e in error.errors(include_url=False, include_context=False, include_input=False)
    ]


def _client_loc(loc: tuple[int | str, ...], camelize: bool) -> list[int | str]:
    if not camelize or len(loc) < 2:
        return list(loc)
    return [loc[0], *(humps.camelize(p) if isinstance(p, str) else p for p in loc[1:])]


def json_invalid_errors(msg: str) -> list[dict[str, Any]]:
    """The payload for frames that are not JSON objects (binary, malformed, arrays...)."""
    return [{"type": "json_invalid", "loc": [], "msg": msg}]


def error_detail(code: str, detail: str) -> dict[str, str]:
    """The ``{"detail", "code"}`` payload of coded errors."""
    return {"detail": detail, "code": code}


def topic_error(reason: str, detail: str) -> dict[str, str]:
    """The payload of topic errors: ``reason`` (CONTRACT §10), repeated as ``code``."""
    return {"reason": reason, "code": reason, "detail": detail}
