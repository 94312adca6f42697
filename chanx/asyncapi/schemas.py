"""``components/schemas`` from pydantic models.

One ``models_json_schema`` call over every routed model gives pydantic's naming
(short class names; module-qualified names only when two classes share a name), with
``$defs`` hoisted to ``#/components/schemas``. The result is then rewritten for
AsyncAPI: discriminators in string form, the optional envelope keys (``ref``/``version``
on correlated frames, ``topic``/``version`` on frames of topic channels, ``seq`` on
topic frames caused by broadcasts), the error frame's documented payload, and camelized
property names for consumers with ``camelize`` on. A model used by both camelizing and
non-camelizing consumers gets a second, camelized schema named ``<Name>Camel``.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import humps
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from chanx.core.envelope import MAX_REF_LENGTH
from chanx.core.errors import ERROR_CODES, TOPIC_ERROR_REASONS
from chanx.core.topic_pattern import MAX_TOPIC_LENGTH
from chanx.messages.base import ROUTING_FIELD, BaseMessage
from chanx.messages.outgoing import ErrorMessage

__all__ = ["REF_PREFIX", "SchemaSet", "build_schemas", "camelize_schema"]

REF_PREFIX = "#/components/schemas/"
CAMEL_SUFFIX = "Camel"

ENVELOPE_PROPERTIES: dict[str, dict[str, Any]] = {
    "topic": {
        "type": "string",
        "maxLength": MAX_TOPIC_LENGTH,
        "title": "Topic",
        "description": (
            "The topic the frame belongs to (`room:lobby`). Client frames for a topic "
            "subscription carry it (unless the route has a default topic); every frame the "
            "server sends about a topic carries it."
        ),
    },
    "seq": {
        "type": "integer",
        "title": "Seq",
        "description": (
            "Sequence number of the `Topic.broadcast(..., seq=...)` that caused the frame; "
            "present only when the broadcast gave one."
        ),
    },
    "ref": {
        "type": "string",
        "maxLength": MAX_REF_LENGTH,
        "title": "Ref",
        "description": (
            "Client correlation id. Every frame the server sends while handling a "
            "client frame that carried `ref` carries the same `ref`."
        ),
    },
    "version": {
        "type": "integer",
        "default": 1,
        "title": "Version",
        "description": "Protocol version; sent by the server together with `ref`.",
    },
}
#: ``version`` on frames of topic channels, which carry it with ``topic`` too.
TOPIC_VERSION_DESCRIPTION = "Protocol version; sent by the server together with `ref` or `topic`."


class ValidationErrorItem(BaseModel):
    """One pydantic validation error (``input``, ``ctx`` and ``url`` are never sent)."""

    type: str = Field(description="Error type, e.g. `missing`, `union_tag_invalid`.")
    loc: list[str | int] = Field(description="Where the error is, from the frame's root.")
    msg: str = Field(description="Human readable message.")


class ErrorDetail(BaseModel):
    """A coded error: from the framework or a handler raising ``WsError(code, detail)``."""

    detail: str
    code: str = Field(
        description="Error code. chanx's own: "
        + "; ".join(f"`{code}`: {meaning}" for code, meaning in ERROR_CODES.items()),
        examples=list(ERROR_CODES),
    )


@dataclass(frozen=True, slots=True)
class SchemaSet:
    """Component schemas and the component name of each (model, camelized) pair."""

    schemas: dict[str, dict[str, Any]]
    names: dict[tuple[type[BaseModel], bool], str]

    def name(self, model: type[BaseModel], camelize: bool) -> str:
        return self.names[(model, camelize)]


def build_schemas(
    models: Sequence[tuple[type[BaseModel], bool]],
    *,
    correlated: Collection[type[BaseModel]] = (),
    topic_tagged: Collection[type[BaseModel]] = (),
    sequenced: Collection[type[BaseModel]] = (),
) -> SchemaSet:
    """Schemas for ``(model, camelize)`` pairs, with their optional envelope keys.

    ``correlated`` models get ``ref``/``version``, ``topic_tagged`` ones (sent on topic
    channels) ``topic``/``version`` and ``sequenced`` ones ``seq``. With any topic, the
    coded error payload also documents the topic errors' ``reason``.
    """
    roots = sorted({m for m, _ in models}, key=_model_sort_key)
    extras: list[type[BaseModel]] = [ValidationErrorItem, ErrorDetail]
    if ErrorMessage not in roots:
        extras = []
    if not roots:
        return SchemaSet({}, {})
    mapping, top = models_json_schema(
        [(m, "validation") for m in [*roots, *extras]], ref_template=REF_PREFIX + "{model}"
    )
    defs: dict[str, dict[str, Any]] = top.get("$defs", {})
    base_name = {m: _ref_name(mapping[(m, "validation")]["$ref"]) for m in [*roots, *extras]}
    for name in list(defs):
        defs[name] = _asyncapi_schema(defs[name])
    for model in roots:
        if issubclass(model, BaseMessage):
            _require_routing_field(defs[base_name[model]])
        keys = [
            key
            for key, members in (
                ("topic", topic_tagged),
                ("seq", sequenced),
                ("ref", correlated),
                ("version", (*correlated, *topic_tagged)),
            )
            if model in members
        ]
        _add_envelope(defs[base_name[model]], keys, topic=model in topic_tagged)
    if ErrorMessage in roots:
        _document_error_payload(
            defs[base_name[ErrorMessage]],
            base_name[ValidationErrorItem],
            base_name[ErrorDetail],
        )
        if topic_tagged:
            _document_topic_reason(defs[base_name[ErrorDetail]])

    plain_roots = {base_name[m] for m, camel in models if not camel}
    camel_roots = {base_name[m] for m, camel in models if camel}
    plain_reach = _reachable(defs, plain_roots)
    camel_reach = _reachable(defs, camel_roots)
    camel_defs = {n: camelize_schema(defs[n]) for n in camel_reach}
    renamed = _conflicting(defs, camel_defs, plain_reach)
    rename: dict[str, str] = {}
    for n in sorted(renamed):
        rename[n] = _unique_name(n + CAMEL_SUFFIX, {*defs, *rename.values()})

    schemas: dict[str, dict[str, Any]] = {n: defs[n] for n in plain_reach}
    for n in camel_reach:
        schemas[rename.get(n, n)] = _rewrite_refs(camel_defs[n], rename)
    names: dict[tuple[type[BaseModel], bool], str] = {}
    for model, camel in models:
        base = base_name[model]
        names[(model, camel)] = rename.get(base, base) if camel else base
    return SchemaSet(dict(sorted(schemas.items())), names)


def _model_sort_key(model: type) -> tuple[str, str]:
    return (model.__module__, model.__qualname__)


def _ref_name(ref: str) -> str:
    return ref.removeprefix(REF_PREFIX)


def _asyncapi_schema(node: Any) -> Any:
    """OpenAPI-style discriminator objects → AsyncAPI's string form, recursively."""
    if isinstance(node, list):
        return [_asyncapi_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "discriminator" and isinstance(value, dict):
            out[key] = value.get("propertyName")
        elif key in ("default", "examples", "const", "enum"):
            out[key] = value
        else:
            out[key] = _asyncapi_schema(value)
    return out


def _require_routing_field(schema: dict[str, Any]) -> None:
    """``action`` has a default in Python, but a frame without it cannot be routed."""
    if ROUTING_FIELD in schema.get("properties", {}):
        required = schema.setdefault("required", [])
        if ROUTING_FIELD not in required:
            required.insert(0, ROUTING_FIELD)


def _add_envelope(schema: dict[str, Any], keys: Sequence[str], *, topic: bool) -> None:
    """Add the optional envelope ``keys`` (unless the model declares them itself)."""
    if not keys:
        return
    properties = schema.setdefault("properties", {})
    for key in keys:
        value = dict(ENVELOPE_PROPERTIES[key])
        if key == "version" and topic:
            value["description"] = TOPIC_VERSION_DESCRIPTION
        properties.setdefault(key, value)


def _document_topic_reason(schema: dict[str, Any]) -> None:
    """Topic errors repeat their ``reason`` as ``code``: document both."""
    properties = schema.setdefault("properties", {})
    meanings = " ".join(f"`{r}`: {m}" for r, m in TOPIC_ERROR_REASONS.items())
    code = properties.get("code")
    if isinstance(code, dict):
        code["description"] = f"{code.get('description', 'Error code.')} Topic errors: {meanings}"
        code["examples"] = [*code.get("examples", []), *TOPIC_ERROR_REASONS]
    properties["reason"] = {
        "type": "string",
        "enum": list(TOPIC_ERROR_REASONS),
        "title": "Reason",
        "description": f"Only on topic errors, equal to `code`: {meanings}",
    }


def _document_error_payload(schema: dict[str, Any], item_name: str, detail_name: str) -> None:
    schema.setdefault("properties", {})["payload"] = {
        "title": "Payload",
        "description": "Validation errors of an invalid frame, or a coded error.",
        "oneOf": [
            {"type": "array", "items": {"$ref": REF_PREFIX + item_name}},
            {"$ref": REF_PREFIX + detail_name},
        ],
    }
    if "payload" not in schema.setdefault("required", []):
        schema["required"].append("payload")


def _iter_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                yield _ref_name(value)
            else:
                yield from _iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _iter_refs(item)


def _reachable(defs: dict[str, dict[str, Any]], roots: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    stack = sorted(roots, reverse=True)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen[name] = None
        stack.extend(sorted(set(_iter_refs(defs[name])) - set(seen), reverse=True))
    return sorted(seen)


def _conflicting(
    defs: dict[str, dict[str, Any]], camel_defs: dict[str, dict[str, Any]], plain: list[str]
) -> set[str]:
    """Names whose camelized schema differs (directly or through a ref) from a used plain one."""
    plain_set = set(plain)
    renamed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, schema in camel_defs.items():
            if name in renamed or name not in plain_set:
                continue
            if schema != defs[name] or set(_iter_refs(schema)) & renamed:
                renamed.add(name)
                changed = True
    return renamed


def _unique_name(candidate: str, taken: Collection[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name, n = f"{candidate}{n}", n + 1
    return name


def _rewrite_refs(node: Any, rename: dict[str, str]) -> Any:
    if not rename:
        return node
    if isinstance(node, list):
        return [_rewrite_refs(item, rename) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
            target = _ref_name(value)
            out[key] = REF_PREFIX + rename.get(target, target)
        else:
            out[key] = _rewrite_refs(value, rename)
    return out


_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "contains", "if", "then", "else")


def camelize_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` whose property names (and ``required``, discriminator) are camelCase.

    ``$ref`` targets, titles, enum and const values are left alone, like the runtime,
    which camelizes keys only.
    """
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {humps.camelize(k): _camelize_node(v) for k, v in value.items()}
        elif key == "required" and isinstance(value, list):
            out[key] = [humps.camelize(v) for v in value]
        elif key == "discriminator" and isinstance(value, str):
            out[key] = humps.camelize(value)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_camelize_node(v) for v in value]
        elif key in _SCHEMA_VALUES or key == "patternProperties":
            out[key] = (
                {k: _camelize_node(v) for k, v in value.items()}
                if key == "patternProperties" and isinstance(value, dict)
                else _camelize_node(value)
            )
        else:
            out[key] = copy.deepcopy(value)
    return out


def _camelize_node(node: Any) -> Any:
    return camelize_schema(node) if isinstance(node, dict) else copy.deepcopy(node)
