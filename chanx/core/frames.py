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
    "encode_dict",
    "encode_message",
    "error_detail",
    "json_invalid_errors",
    "validation_errors",
]

_REF_PREFIX = '{"ref":'
_VERSION_SUFFIX = f',"version":{PROTOCOL_VERSION},'


def encode_message(message: BaseMessage, *, camelize: bool, ref: str | None) -> str:
    """Wire text of ``message``, camelized if asked, carrying ``ref`` and version when set."""
    if camelize:
        return encode_dict(message.model_dump(mode="json"), camelize=True, ref=ref)
    body = message.model_dump_json()
    if ref is None:
        return body
    return _REF_PREFIX + json.dumps(ref) + _VERSION_SUFFIX + body[1:]


def encode_dict(content: Mapping[str, Any], *, camelize: bool, ref: str | None) -> str:
    """Wire text of an already dumped message (group messages arrive as dicts)."""
    frame: dict[str, Any] = humps.camelize(dict(content)) if camelize else dict(content)
    if ref is not None:
        frame["ref"] = ref
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
