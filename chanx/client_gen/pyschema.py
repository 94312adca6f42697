"""JSON Schema -> Python source: type annotations and pydantic model classes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chanx.client_gen.model import SCHEMA_PREFIX, schema_refs
from chanx.client_gen.naming import class_name, field_name

__all__ = ["PyNames", "docstring_lines", "py_literal", "py_string", "render_schema", "sort_schemas"]

#: Names the generated modules import or define themselves.
RESERVED = frozenset(
    {
        "Annotated",
        "Any",
        "Callable",
        "ClassVar",
        "ClientModel",
        "Field",
        "Handler",
        "IncomingMessage",
        "Literal",
        "Mapping",
        "OutgoingMessage",
        "TypeAdapter",
        "TypeAlias",
        "BaseClient",
        "TopicHandle",
        "ClientOptions",
        "Unpack",
        "overload",
    }
)


class PyNames:
    """Component schema name -> Python class name (stable, collision free)."""

    def __init__(self, schema_names: list[str]) -> None:
        self.names: dict[str, str] = {}
        used: set[str] = set(RESERVED)
        for name in sorted(schema_names):
            candidate = class_name(name)
            if candidate in used:
                candidate = f"{candidate}Model"
            base, n = candidate, 2
            while candidate in used:
                candidate, n = f"{base}{n}", n + 1
            used.add(candidate)
            self.names[name] = candidate

    def __getitem__(self, schema: str) -> str:
        return self.names[schema]


def py_string(text: str) -> str:
    """A double-quoted Python string literal (JSON escapes are valid Python)."""
    return json.dumps(text)


def py_literal(value: Any) -> str:
    """Python source of a JSON value."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, Mapping):
        items = ", ".join(f"{py_string(str(k))}: {py_literal(v)}" for k, v in value.items())  # pyright: ignore[reportUnknownVariableType]
        return "{" + items + "}"
    return repr(value)


def _ref_name(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        return ref[len(SCHEMA_PREFIX) :]
    return None


def _split_top(annotation: str) -> list[str]:
    """``"A | list[B | C]"`` -> ``["A", "list[B | C]"]`` (splits outside brackets only)."""
    pieces: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(annotation):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif depth == 0 and annotation.startswith(" | ", i):
            pieces.append(annotation[start:i])
            start = i + 3
    pieces.append(annotation[start:])
    return pieces


def _union(parts: list[str]) -> str:
    unique: list[str] = []
    for part in parts:
        pieces = [part] if part.startswith("Annotated[") else _split_top(part)
        for piece in pieces:
            if piece not in unique:
                unique.append(piece)
    if "Any" in unique:
        return "Any"
    if "None" in unique:
        unique = [p for p in unique if p != "None"] + ["None"]
    return " | ".join(unique)


def py_type(schema: Any, names: PyNames, schemas: Mapping[str, Any]) -> str:
    """The Python annotation of ``schema``."""
    if not isinstance(schema, Mapping) or not schema:
        return "Any"
    s: Mapping[str, Any] = schema  # pyright: ignore[reportUnknownVariableType]
    ref = _ref_name(s)
    if ref is not None:
        return names[ref]
    if "const" in s:
        return "None" if s["const"] is None else f"Literal[{py_literal(s['const'])}]"
    if isinstance(s.get("enum"), list) and s["enum"]:
        values = [v for v in s["enum"] if v is None or isinstance(v, (str, int, bool))]
        if len(values) != len(s["enum"]):
            return "Any"
        literal = [v for v in values if v is not None]
        parts = [f"Literal[{', '.join(py_literal(v) for v in literal)}]"] if literal else []
        return _union(parts + (["None"] if None in values else []))
    for key in ("oneOf", "anyOf"):
        options = s.get(key)
        if isinstance(options, list) and options:
            union = _union([py_type(o, names, schemas) for o in options])
            tag = _discriminator(s, options, schemas)
            if tag is not None and " | " in union:
                return f"Annotated[{union}, Field(discriminator={py_string(tag)})]"
            return union
    all_of = s.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        return py_type(all_of[0], names, schemas)
    kind = s.get("type")
    if isinstance(kind, list):
        return _union([py_type({**s, "type": k}, names, schemas) for k in kind])
    simple = {
        "string": "str",
        "integer": "int",
        "number": "float",
        "boolean": "bool",
        "null": "None",
    }
    if kind in simple:
        return simple[kind]
    if kind == "array":
        return f"list[{py_type(s.get('items'), names, schemas)}]"
    if kind == "object":
        extra = s.get("additionalProperties")
        if isinstance(extra, Mapping):
            return f"dict[str, {py_type(extra, names, schemas)}]"
        return "dict[str, Any]"
    return "Any"


def _discriminator(
    s: Mapping[str, Any], options: list[Any], schemas: Mapping[str, Any]
) -> str | None:
    """The discriminator property when every option is a model with a constant for it."""
    tag = s.get("discriminator")
    if isinstance(tag, Mapping):
        tag = tag.get("propertyName")  # pyright: ignore[reportUnknownMemberType]
    if not isinstance(tag, str):
        return None
    seen: set[str] = set()
    for option in options:
        ref = _ref_name(option) if isinstance(option, Mapping) else None
        target = schemas.get(ref) if ref else None
        prop = ((target or {}).get("properties") or {}).get(tag) or {}
        value = prop.get("const")
        if not isinstance(value, str) or value in seen:
            return None
        seen.add(value)
    return field_name(tag)


def is_model(schema: Mapping[str, Any]) -> bool:
    """True when a component schema becomes a class (an object with properties)."""
    return schema.get("type", "object") == "object" and isinstance(
        schema.get("properties"), Mapping
    )


def sort_schemas(names: set[str], schemas: Mapping[str, Any]) -> list[str]:
    """``names`` ordered so that every schema comes after the ones it references."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered or name in visiting or name not in names:
            return
        visiting.add(name)
        for dep in sorted(set(schema_refs(schemas[name]))):
            visit(dep)
        visiting.discard(name)
        ordered.append(name)

    for name in sorted(names):
        visit(name)
    return ordered


def docstring_lines(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    body = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.splitlines()
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line.strip() else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def render_schema(
    name: str, schema: Mapping[str, Any], names: PyNames, schemas: Mapping[str, Any]
) -> str:
    """Source of one component schema: a ``ClientModel`` class or a type alias."""
    cls = names[name]
    if not is_model(schema):
        alias = py_type(schema, names, schemas)
        return "\n".join([*_comment(schema.get("description")), f"{cls}: TypeAlias = {alias}"])
    lines = [f"class {cls}(ClientModel):"]
    lines += docstring_lines(schema.get("description"), "    ")
    required = set(schema.get("required") or [])
    omit: list[str] = []
    body: list[str] = []
    for key, prop in schema["properties"].items():
        attr = field_name(key)
        annotation = py_type(prop, names, schemas)
        args: list[str] = []
        default: str | None = None
        if isinstance(prop, Mapping) and "default" in prop:
            value = prop["default"]
            if isinstance(value, (list, dict)) and value:
                args += [f"default_factory=lambda: {py_literal(value)}", "validate_default=True"]
            else:
                default = py_literal(value)
        elif key not in required:
            if not annotation.endswith("None") and annotation != "Any":
                annotation = f"{annotation} | None"
            default = "None"
            omit.append(key)
        if attr != key:
            args.append(f"alias={py_string(key)}")
        if args:
            if default is not None:
                args.insert(0, f"default={default}")
            body.append(f"    {attr}: {annotation} = Field({', '.join(args)})")
        elif default is not None:
            body.append(f"    {attr}: {annotation} = {default}")
        else:
            body.append(f"    {attr}: {annotation}")
    if omit:
        keys = ", ".join(py_string(k) for k in omit)
        body.insert(0, f"    chanx_omit_if_none: ClassVar[frozenset[str]] = frozenset({{{keys}}})")
    if not body and len(lines) == 1:
        body.append("    pass")
    if len(lines) > 1 and body:
        lines.append("")
    return "\n".join(lines + body)


def _comment(text: Any) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return []
    return [f"#: {line}".rstrip() for line in text.strip().splitlines()]
