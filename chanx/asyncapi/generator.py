"""Routes + consumer class metadata → an AsyncAPI 3.0.0 document (a JSON-ready dict).

Layout of the document:

* one channel per route (``address`` with ``{param}`` placeholders, ``parameters``),
  named after the consumer's ``@channel`` name (``_2``, ``_3``... when two routes share
  one), listing the messages the consumer receives and sends;
* ``receive`` operations ``<channel>.<operation>`` per ``@ws_handler`` with a ``reply``
  when the handler has outputs; ``send`` operations for ``@event_handler`` outputs
  (``<channel>.event.<method>``), passthrough events (``<channel>.passthrough.<action>``),
  ``emits`` (``<channel>.emits.<action>``) and the protocol frames
  (``<channel>.error``, ``.authentication``, ``.complete``, ``.group_complete``,
  ``.event_complete`` — the last three only with ``send_completion`` on);
* after each consumer channel, one channel per topic it mounts
  (``<channel>.topic.<name>``, same address; see :mod:`chanx.asyncapi.topics`) with
  ``subscribe``/``unsubscribe`` receive operations and the topic's own operations;
* ``components``: ``schemas`` (pydantic, see :mod:`chanx.asyncapi.schemas`),
  ``messages`` (one per message class and camelize variant), ``correlationIds`` (the
  ``ref`` envelope key) and ``securitySchemes`` (authenticator credentials). Messages
  used on topic channels document the ``topic`` (and ``seq``) envelope keys.

Only classes reachable from the given routes appear. Everything is ordered either by the
routes and handlers (channels, operations) or by key (components), so generating twice
gives identical bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from chanx.asyncapi.operations import build_operations
from chanx.asyncapi.plan import (
    ChannelPlan,
    authenticator_of,
    own_doc,
    plan_channels,
    route_parameters,
    safe_key,
    unique_key,
)
from chanx.asyncapi.schemas import REF_PREFIX, SchemaSet, build_schemas
from chanx.asyncapi.spec import ASYNCAPI_VERSION, ServerSpec
from chanx.asyncapi.topic_operations import build_topic_operations
from chanx.asyncapi.topics import TopicPlan, plan_topics, topic_channel_object
from chanx.core.authenticator import Credential
from chanx.core.decorators import channel_info
from chanx.messages.base import BaseMessage, action_values
from chanx.routing import RouteInfo

__all__ = ["CORRELATION_ID", "generate_asyncapi", "server_from_url"]

CORRELATION_ID = "ref"


def generate_asyncapi(
    routes: Sequence[RouteInfo],
    *,
    title: str,
    version: str,
    description: str | None = None,
    servers: Mapping[str, ServerSpec] | None = None,
    server_url: str | None = None,
    server_protocol: str | None = None,
    contact: Mapping[str, str] | None = None,
    license: Mapping[str, str] | None = None,
    camelize: bool | None = None,
) -> dict[str, Any]:
    """Build the AsyncAPI 3.0.0 document of ``routes``.

    ``camelize=None`` documents each channel as its consumer sends (its ``camelize``
    setting); ``True``/``False`` forces camelCase/snake_case keys for every channel.

    Servers come from ``servers`` (name → ``{host, protocol, pathname?, description?}``)
    or, as a convenience, from ``server_url`` (``wss://example.com/base``; without a
    scheme the protocol is ``server_protocol`` or ``ws``), named ``default``.
    ``contact`` (``name``/``url``/``email``) and ``license`` (``name``/``url``) go to
    ``info`` as given; ``info.tags`` lists every tag used by channels and operations.
    """
    plans = plan_channels(routes, camelize=camelize)
    taken: dict[str, Any] = {p.key: None for p in plans}
    topic_plans = {p.key: plan_topics(p, taken) for p in plans}
    every: list[ChannelPlan | TopicPlan] = []
    for plan in plans:
        every += [plan, *topic_plans[plan.key]]
    pairs = [(u.message, p.camelize) for p in every for u in p.usages]
    correlated = {u.message for p in every for u in p.usages if u.correlated}
    topic_usages = [u for t in topic_plans.values() for tp in t for u in tp.usages]
    schema_set = build_schemas(
        list(dict.fromkeys(pairs)),
        correlated=correlated,
        topic_tagged={u.message for u in topic_usages},
        sequenced={u.message for u in topic_usages if u.sequenced},
    )
    security = _SecuritySchemes()

    messages: dict[str, dict[str, Any]] = {}
    channels: dict[str, dict[str, Any]] = {}
    operations: dict[str, dict[str, Any]] = {}
    for entry in every:
        for usage in entry.usages:
            name = schema_set.name(usage.message, entry.camelize)
            messages.setdefault(name, _message_object(usage.message, name, correlated))
        if isinstance(entry, TopicPlan):
            channels[entry.key] = topic_channel_object(entry, schema_set)
            entry_ops = build_topic_operations(entry, schema_set)
            consumer = entry.parent.route.consumer
        else:
            channels[entry.key] = _channel_object(entry, schema_set)
            entry_ops = build_operations(entry, schema_set)
            consumer = entry.route.consumer
        scheme_refs = security.refs_for(consumer)
        for op_key, operation in entry_ops:
            if scheme_refs:
                operation["security"] = [dict(ref) for ref in scheme_refs]
            operations[unique_key(op_key, operations)] = operation

    info = _info(title, version, description, contact, license)
    tags = sorted(
        {
            t["name"]
            for obj in (*channels.values(), *operations.values())
            for t in obj.get("tags", ())
        }
    )
    if tags:
        info["tags"] = [{"name": t} for t in tags]
    document: dict[str, Any] = {"asyncapi": ASYNCAPI_VERSION, "info": info}
    server_map = _servers(servers, server_url, server_protocol)
    if server_map:
        document["servers"] = server_map
    document["defaultContentType"] = "application/json"
    document["channels"] = channels
    document["operations"] = operations
    components: dict[str, Any] = {}
    if schema_set.schemas:
        components["schemas"] = schema_set.schemas
    if messages:
        components["messages"] = dict(sorted(messages.items()))
    if correlated:
        components["correlationIds"] = {
            CORRELATION_ID: {
                "description": (
                    "The `ref` a client put on its frame, copied onto every frame the "
                    "server sends while handling it (replies, errors, completion)."
                ),
                "location": "$message.payload#/ref",
            }
        }
    if security.schemes:
        components["securitySchemes"] = dict(sorted(security.schemes.items()))
    if components:
        document["components"] = components
    return document


def _info(
    title: str,
    version: str,
    description: str | None,
    contact: Mapping[str, str] | None,
    license: Mapping[str, str] | None,
) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": title,
        "version": version,
        "description": description or f"WebSocket API of {title}.",
    }
    if contact:
        info["contact"] = dict(contact)
    if license:
        info["license"] = dict(license)
    return info


def _servers(
    servers: Mapping[str, ServerSpec] | None, server_url: str | None, protocol: str | None
) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    if servers:
        for name, spec in servers.items():
            result[safe_key(name)] = _server_object(spec)
    elif server_url:
        result["default"] = _server_object(server_from_url(server_url, protocol))
    return result


def server_from_url(url: str, protocol: str | None = None) -> ServerSpec:
    """``wss://example.com:8443/base`` → ``{host, protocol, pathname}``."""
    parts = urlsplit(url if "://" in url else f"//{url}")
    if not parts.netloc:
        raise ValueError(f"Server URL {url!r} has no host")
    spec: ServerSpec = {"host": parts.netloc, "protocol": parts.scheme or protocol or "ws"}
    pathname = parts.path.rstrip("/")
    if pathname:
        spec["pathname"] = pathname
    return spec


def _server_object(spec: ServerSpec) -> dict[str, Any]:
    obj: dict[str, Any] = {"host": spec["host"], "protocol": spec["protocol"]}
    pathname = spec.get("pathname")
    if pathname:
        obj["pathname"] = pathname if pathname.startswith("/") else "/" + pathname
    description = spec.get("description")
    if description:
        obj["description"] = description
    return obj


def _message_object(
    message: type[BaseMessage], name: str, correlated: set[type[BaseMessage]]
) -> dict[str, Any]:
    actions = action_values(message)
    obj: dict[str, Any] = {
        "name": actions[0] if len(actions) == 1 else message.__name__,
        "title": message.__name__,
    }
    doc = own_doc(message)
    if doc:
        obj["description"] = doc
    else:
        obj["summary"] = f"The `{'` / `'.join(actions)}` frame."
    obj["payload"] = {"$ref": REF_PREFIX + name}
    if message in correlated:
        obj["correlationId"] = {"$ref": f"#/components/correlationIds/{CORRELATION_ID}"}
    return obj


def _channel_object(plan: ChannelPlan, schema_set: SchemaSet) -> dict[str, Any]:
    info = channel_info(plan.route.consumer)
    obj: dict[str, Any] = {"address": plan.route.path, "title": info.name}
    if info.description:
        obj["description"] = info.description
    parameters = route_parameters(plan.route)
    if parameters:
        obj["parameters"] = parameters
    names = sorted({schema_set.name(u.message, plan.camelize) for u in plan.usages})
    obj["messages"] = {n: {"$ref": f"#/components/messages/{n}"} for n in names}
    if info.tags:
        obj["tags"] = [{"name": t} for t in info.tags]
    return obj


class _SecuritySchemes:
    """Security schemes shared by every channel, one per distinct credential."""

    def __init__(self) -> None:
        self.schemes: dict[str, dict[str, Any]] = {}
        self._by_credential: dict[Credential, str] = {}

    def refs_for(self, consumer: type) -> list[dict[str, str]]:
        authenticator = authenticator_of(consumer)
        if authenticator is None:
            return []
        refs = []
        for credential in authenticator.credentials:
            key = self._key(credential)
            refs.append({"$ref": f"#/components/securitySchemes/{key}"})
        return refs

    def _key(self, credential: Credential) -> str:
        existing = self._by_credential.get(credential)
        if existing is not None:
            return existing
        key = unique_key(safe_key(f"{credential.location}_{credential.name}"), self.schemes)
        scheme: dict[str, Any] = {
            "type": "httpApiKey",
            "name": credential.name,
            "in": credential.location,
        }
        if credential.description:
            scheme["description"] = credential.description
        self.schemes[key] = scheme
        self._by_credential[credential] = key
        return key
