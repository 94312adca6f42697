"""JSON Schema -> TypeScript source: type expressions, interfaces and aliases."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from chanx.client_gen.model import SCHEMA_PREFIX
from chanx.client_gen.naming import class_name

__all__ = ["TsNames", "render_ts_schema", "ts_key", "ts_string", "ts_type"]

_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
#: Names the generated TypeScript modules define or import themselves.
RESERVED = frozenset(
    {
        "IncomingMessage",
        "OutgoingMessage",
        "ChanxClient",
        "TopicHandle",
        "ClientOptions",
        "Frame",
        "Handler",
        "Array",
        "Record",
        "Object",
        "String",
        "Number",
        "Boolean",
        "Error",
        "Promise",
        "Map",
        "Set",
    }
)


class TsNames:
    """Component schema name -> TypeScript type name (stable, collision free)."""

    def __init__(self, schema_names: list[str]) -> None:
        self.names: dict[str, str] = {}
        used: set[str] = set(RESERVED)
        for name in sorted(schema_names):
            candidate = class_name(name)
            base, n = candidate, 2
            if candidate in used:
                candidate = f"{base}Type"
            while candidate in used:
                candidate, n = f"{base}Type{n}", n + 1
            used.add(candidate)
            self.names[name] = candidate

    def __getitem__(self, schema: str) -> str:
        return self.names[schema]


def ts_string(text: str) -> str:
    """A double-quoted TypeScript string literal."""
    return json.dumps(text)


def ts_key(key: str) -> str:
    """A property name: bare when it is an identifier, quoted otherwise."""
    return key if _IDENT.match(key) else ts_string(key)


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value)
    return "unknown"


def _union(parts: list[str]) -> str:
    unique: list[str] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    if "unknown" in unique:
        return "unknown"
    if "null" in unique:
        unique = [p for p in unique if p != "null"] + ["null"]
    return " | ".join(unique)


def ts_type(schema: Any, names: TsNames) -> str:
    """The TypeScript type of ``schema``."""
    if not isinstance(schema, Mapping) or not schema:
        return "unknown"
    s: Mapping[str, Any] = schema  # pyright: ignore[reportUnknownVariableType]
    ref = s.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        return names[ref[len(SCHEMA_PREFIX) :]]
    if "const" in s:
        return _literal(s["const"])
    if isinstance(s.get("enum"), list) and s["enum"]:
        return _union([_literal(v) for v in s["enum"]])
    for key in ("oneOf", "anyOf"):
        options = s.get(key)
        if isinstance(options, list) and options:
            return _union([ts_type(o, names) for o in options])
    all_of = s.get("allOf")
    if isinstance(all_of, list) and all_of:
        return (
            " & ".join(f"({ts_type(o, names)})" for o in all_of)
            if len(all_of) > 1
            else ts_type(all_of[0], names)
        )
    kind = s.get("type")
    if isinstance(kind, list):
        return _union([ts_type({**s, "type": k}, names) for k in kind])
    simple = {
        "string": "string",
        "integer": "number",
        "number": "number",
        "boolean": "boolean",
        "null": "null",
    }
    if kind in simple:
        return simple[kind]
    if kind == "array":
        return f"Array<{ts_type(s.get('items'), names)}>"
    if kind == "object" or isinstance(s.get("properties"), Mapping):
        props = s.get("properties")
        if isinstance(props, Mapping) and props:
            required = set(s.get("required") or [])
            fields = "; ".join(
                f"{ts_key(k)}{'' if k in required else '?'}: {ts_type(v, names)}"
                for k, v in props.items()  # pyright: ignore[reportUnknownVariableType]
            )
            return "{ " + fields + " }"
        extra = s.get("additionalProperties")
        if isinstance(extra, Mapping):
            return f"Record<string, {ts_type(extra, names)}>"
        return "Record<string, unknown>"
    return "unknown"


def _doc(text: Any, indent: str) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return []
    lines = text.strip().replace("*/", "*\\/").splitlines()
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *[f"{indent} * {line}".rstrip() for line in lines], f"{indent} */"]


def render_ts_schema(name: str, schema: Mapping[str, Any], names: TsNames) -> str:
    """``export interface`` for object schemas, ``export type`` for the rest."""
    ts_name = names[name]
    props = schema.get("properties")
    lines = _doc(schema.get("description"), "")
    if schema.get("type", "object") != "object" or not isinstance(props, Mapping):
        return "\n".join([*lines, f"export type {ts_name} = {ts_type(schema, names)};"])
    required = set(schema.get("required") or [])
    lines.append(f"export interface {ts_name} {{")
    for key, prop in props.items():  # pyright: ignore[reportUnknownVariableType]
        # Constants (``action``, discriminator tags) are what unions narrow on: required.
        forced = isinstance(prop, Mapping) and "const" in prop
        optional = "" if key in required or forced else "?"
        doc = prop.get("description") if isinstance(prop, Mapping) else None  # pyright: ignore[reportUnknownMemberType]
        lines += _doc(doc, "  ")
        lines.append(f"  {ts_key(str(key))}{optional}: {ts_type(prop, names)};")  # pyright: ignore[reportUnknownArgumentType]
    lines.append("}")
    return "\n".join(lines)
