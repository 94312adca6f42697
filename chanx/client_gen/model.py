"""The normalised model both emitters read: channels, messages, replies, topics, schemas.

Directions are the CLIENT's: ``outgoing`` = what the client sends (the messages of
the server's ``receive`` operations), ``incoming`` = what it receives (their ``reply``
messages and the messages of ``send`` operations).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from chanx.client_gen.errors import SchemaError
from chanx.client_gen.naming import class_name, module_name

__all__ = [
    "ChannelSpec",
    "ClientSpec",
    "MessageSpec",
    "ParameterSpec",
    "TopicSpec",
    "build_spec",
    "schema_closure",
    "schema_refs",
]

SCHEMA_PREFIX = "#/components/schemas/"
MESSAGE_PREFIX = "#/components/messages/"


@dataclass(frozen=True)
class MessageSpec:
    """One message: its component key (= class name), wire action and payload schema."""

    key: str
    action: str
    schema: str
    description: str | None = None


@dataclass(frozen=True)
class ParameterSpec:
    """A path parameter of a channel address."""

    name: str
    description: str | None = None


@dataclass(frozen=True)
class TopicSpec:
    """The ``x-topic`` extension of a topic channel."""

    name: str
    pattern: str
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class ChannelSpec:
    """One channel (one websocket route, or one topic mounted on a route)."""

    key: str
    module: str
    class_name: str
    address: str
    title: str | None
    description: str | None
    parameters: tuple[ParameterSpec, ...]
    outgoing: tuple[MessageSpec, ...]
    incoming: tuple[MessageSpec, ...]
    replies: tuple[tuple[str, tuple[str, ...]], ...]
    authenticated: bool
    query_credentials: tuple[str, ...]
    header_credentials: tuple[str, ...]
    topic: TopicSpec | None = None
    #: For a topic channel: the key of the consumer channel with the same address.
    parent: str | None = None
    #: For a consumer channel: the keys of the topic channels mounted on it.
    topics: tuple[str, ...] = ()

    @property
    def topic_stem(self) -> str:
        """Names topic classes and methods: the ``x-topic`` name, else the channel key
        without a trailing ``_topic``."""
        if self.topic is not None and self.topic.name != self.key:
            return self.topic.name
        return self.key.removesuffix("_topic").removesuffix("Topic") or self.key

    @property
    def schema_names(self) -> set[str]:
        """Every component schema this channel's messages reach."""
        return {message.schema for message in (*self.outgoing, *self.incoming)}


@dataclass
class ClientSpec:
    """Everything the emitters need, in a deterministic order."""

    title: str
    version: str
    channels: list[ChannelSpec]
    schemas: dict[str, dict[str, Any]]
    #: Schemas reached by more than one channel (emitted once, in the shared module).
    shared: set[str] = field(default_factory=set[str])
    #: Schema name -> the channel module that owns it (absent when shared).
    owner: dict[str, str] = field(default_factory=dict[str, str])

    def channel(self, key: str) -> ChannelSpec:
        """The channel with AsyncAPI key ``key``."""
        return next(channel for channel in self.channels if channel.key == key)


def schema_refs(schema: Any) -> Iterator[str]:
    """Names of the component schemas ``schema`` references directly."""
    if isinstance(schema, Mapping):
        for key, value in schema.items():  # pyright: ignore[reportUnknownVariableType]
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_PREFIX):
                yield value[len(SCHEMA_PREFIX) :]
            else:
                yield from schema_refs(value)
    elif isinstance(schema, list):
        for item in schema:  # pyright: ignore[reportUnknownVariableType]
            yield from schema_refs(item)


def schema_closure(roots: set[str], schemas: Mapping[str, Any]) -> set[str]:
    """``roots`` and every component schema they reach through ``$ref``."""
    seen: set[str] = set()
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in schemas:
            raise SchemaError(f"unresolved schema reference #/components/schemas/{name}")
        seen.add(name)
        todo.extend(schema_refs(schemas[name]))
    return seen


def _local(ref: Any, what: str) -> str:
    if not isinstance(ref, Mapping) or not isinstance(ref.get("$ref"), str):  # pyright: ignore[reportUnknownMemberType]
        raise SchemaError(f"{what}: expected a $ref object")
    return str(ref["$ref"])  # pyright: ignore[reportUnknownArgumentType]


class _Builder:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        components = document.get("components") or {}
        self.schemas: dict[str, dict[str, Any]] = dict(components.get("schemas") or {})
        self.messages: dict[str, Any] = dict(components.get("messages") or {})
        self.security: dict[str, Any] = dict(components.get("securitySchemes") or {})

    def message(self, channel_key: str, ref: str) -> MessageSpec:
        channel = self.document["channels"][channel_key]
        key = ref.rsplit("/", 1)[-1]
        if not ref.startswith(MESSAGE_PREFIX):
            target = (channel.get("messages") or {}).get(key)
            if target is None:
                raise SchemaError(f"unresolved message reference {ref}")
            if "$ref" in target:
                key = _local(target, ref).rsplit("/", 1)[-1]
            else:
                self.messages.setdefault(key, target)
        body = self.messages.get(key)
        if not isinstance(body, Mapping):
            raise SchemaError(f"unresolved message #/components/messages/{key}")
        payload: Any = body.get("payload")  # pyright: ignore[reportUnknownMemberType]
        if isinstance(payload, Mapping) and "$ref" in payload:
            schema = _local(payload, f"message {key}").rsplit("/", 1)[-1]
        elif isinstance(payload, Mapping):
            schema = key
            self.schemas.setdefault(schema, dict(payload))  # pyright: ignore[reportUnknownArgumentType]
        else:
            raise SchemaError(f"message {key} has no payload schema")
        action = self.action_of(schema, body)
        description = body.get("description") or self.schemas.get(schema, {}).get("description")  # pyright: ignore[reportUnknownMemberType]
        return MessageSpec(key=key, action=action, schema=schema, description=description)

    def action_of(self, schema_name: str, body: Mapping[str, Any]) -> str:
        schema = self.schemas.get(schema_name)
        if schema is None:
            raise SchemaError(f"unresolved schema reference #/components/schemas/{schema_name}")
        action = (schema.get("properties") or {}).get("action") or {}
        if "const" in action:
            return str(action["const"])
        if action.get("enum"):
            return str(action["enum"][0])
        name = body.get("name")
        if isinstance(name, str):
            return name
        raise SchemaError(f"message schema {schema_name} has no 'action' constant")

    def channel(self, key: str, ops: list[tuple[str, dict[str, Any]]]) -> ChannelSpec:
        body = self.document["channels"][key]
        outgoing: dict[str, MessageSpec] = {}
        incoming: dict[str, MessageSpec] = {}
        replies: dict[str, tuple[str, ...]] = {}
        credentials: dict[str, str] = {}
        for _, op in ops:
            refs = [_local(item, f"operation of {key}") for item in op.get("messages") or []]
            sent = [self.message(key, ref) for ref in refs]
            for security in op.get("security") or []:
                scheme = self.security.get(_local(security, "security").rsplit("/", 1)[-1], {})
                if isinstance(scheme.get("name"), str):
                    credentials[scheme["name"]] = str(scheme.get("in"))
            if op.get("action") == "receive":
                reply = op.get("reply") or {}
                answers = [
                    self.message(key, _local(item, "reply")) for item in reply.get("messages") or []
                ]
                for message in sent:
                    outgoing[message.key] = message
                    replies[message.action] = tuple(sorted({a.action for a in answers}))
                for message in answers:
                    incoming[message.key] = message
            else:
                for message in sent:
                    incoming[message.key] = message
        extension = body.get("x-topic")
        topic = None
        if isinstance(extension, Mapping):
            params = extension.get("parameters") or []  # pyright: ignore[reportUnknownMemberType]
            names = tuple(
                str(p.get("name")) if isinstance(p, Mapping) else str(p)  # pyright: ignore[reportUnknownMemberType]
                for p in params  # pyright: ignore[reportUnknownVariableType]
            )
            pattern = str(extension.get("pattern") or extension.get("name") or key)  # pyright: ignore[reportUnknownMemberType]
            topic = TopicSpec(
                name=str(extension.get("name") or key),  # pyright: ignore[reportUnknownMemberType]
                pattern=pattern,
                parameters=names or tuple(re.findall(r"\{([^}]+)\}", pattern)),
            )
        parameters = tuple(
            ParameterSpec(name, (value or {}).get("description"))
            for name, value in (body.get("parameters") or {}).items()
        )
        ordered = sorted(outgoing.values(), key=lambda m: (m.action, m.key))
        return ChannelSpec(
            key=key,
            module="",
            class_name=class_name(key),
            address=str(body.get("address") or "/"),
            title=body.get("title"),
            description=body.get("description"),
            parameters=parameters,
            outgoing=tuple(ordered),
            incoming=tuple(sorted(incoming.values(), key=lambda m: (m.action, m.key))),
            replies=tuple(sorted(replies.items())),
            authenticated=any(m.action == "authentication" for m in incoming.values()),
            query_credentials=tuple(sorted(n for n, loc in credentials.items() if loc == "query")),
            header_credentials=tuple(
                sorted(n for n, loc in credentials.items() if loc == "header")
            ),
            topic=topic,
        )


def _operations(document: Mapping[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    by_channel: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for op_key, op in (document.get("operations") or {}).items():
        ref = _local(op.get("channel"), f"operation {op_key}")
        by_channel.setdefault(ref.rsplit("/", 1)[-1], []).append((op_key, op))
    return by_channel


def build_spec(document: Mapping[str, Any]) -> ClientSpec:
    """The :class:`ClientSpec` of an AsyncAPI 3 document (raises :class:`SchemaError`)."""
    channels_doc = document.get("channels")
    if not isinstance(channels_doc, Mapping) or not channels_doc:
        raise SchemaError("the document has no channels")
    builder = _Builder(document)
    operations = _operations(document)
    taken = {"shared", "runtime", "index"}
    channels: list[ChannelSpec] = []
    for key in sorted(channels_doc):  # pyright: ignore[reportUnknownArgumentType, reportUnknownVariableType]
        spec = builder.channel(str(key), operations.get(str(key), []))  # pyright: ignore[reportUnknownArgumentType]
        channels.append(_with(spec, module=module_name(spec.key, taken)))
    channels = _link_topics(channels)
    info = document.get("info") or {}
    result = ClientSpec(
        title=str(info.get("title") or "AsyncAPI"),
        version=str(info.get("version") or ""),
        channels=channels,
        schemas=builder.schemas,
    )
    users: dict[str, set[str]] = {}
    for channel in channels:
        for name in schema_closure(channel.schema_names, builder.schemas):
            users.setdefault(name, set()).add(channel.module)
    for name, modules in users.items():
        if len(modules) > 1:
            result.shared.add(name)
        else:
            result.owner[name] = next(iter(modules))
    return result


def _with(spec: ChannelSpec, **changes: Any) -> ChannelSpec:
    return replace(spec, **changes)


def _link_topics(channels: list[ChannelSpec]) -> list[ChannelSpec]:
    """Attach topic channels to the consumer channel of the same address."""
    consumers = {c.address: c for c in channels if c.topic is None}
    topics: dict[str, list[str]] = {}
    linked: list[ChannelSpec] = []
    for channel in channels:
        parent = consumers.get(channel.address) if channel.topic is not None else None
        if parent is not None:
            topics.setdefault(parent.key, []).append(channel.key)
            channel = _with(channel, parent=parent.key)
        linked.append(channel)
    return [_with(c, topics=tuple(topics.get(c.key, ()))) for c in linked]
