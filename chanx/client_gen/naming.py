"""Identifiers for generated code: class names, module names, field names."""

from __future__ import annotations

import keyword
import re

__all__ = ["class_name", "field_name", "module_name", "snake"]

_WORDS = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: Attribute names pydantic's BaseModel already uses (a field must not shadow them).
_MODEL_ATTRS = frozenset(
    {"copy", "dict", "json", "schema", "schema_json", "construct", "validate", "fields"}
)


def snake(text: str) -> str:
    """``roomName``/``Room-Name`` -> ``room_name`` (always a valid identifier)."""
    parts = [_CAMEL.sub("_", word).lower() for word in _WORDS.findall(text)]
    name = "_".join(part for part in parts if part) or "x"
    if name[0].isdigit():
        name = f"_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def class_name(text: str) -> str:
    """``echo_reply``/``EchoReply`` -> ``EchoReply`` (existing capitals are kept)."""
    name = "".join(word[:1].upper() + word[1:] for word in _WORDS.findall(text)) or "X"
    return f"_{name}" if name[0].isdigit() else name


def module_name(text: str, taken: set[str]) -> str:
    """A snake_case module name for ``text`` that is not in ``taken`` (then added to it)."""
    base = snake(text).strip("_") or "channel"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _plain(key: str) -> bool:
    return (
        key.isidentifier()
        and not keyword.iskeyword(key)
        and not key.startswith(("_", "model_"))
        and key not in _MODEL_ATTRS
    )


def field_name(key: str) -> str:
    """A Python attribute name for the JSON key ``key`` (alias needed when different)."""
    if _plain(key):
        return key
    name = snake(key).lstrip("_") or "field"
    if keyword.iskeyword(name) or name in _MODEL_ATTRS or name.startswith("model_"):
        name = f"{name}_"
    return name
