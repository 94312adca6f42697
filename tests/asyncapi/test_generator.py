"""Structure of the generated document (:mod:`chanx.asyncapi.generator`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chanx.asyncapi import generate_asyncapi, server_from_url, to_json
from chanx.core.authenticator import Credential
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing import RouteInfo
from tests.asyncapi.apps import (
    BehaviourConsumer,
    EchoConsumer,
    FakeConsumer,
    TokenAuthenticator,
    full_routes,
    golden_routes,
    minimal_routes,
)

GOLDEN = Path(__file__).parent / "golden" / "small_app.json"
ROOT = Path(__file__).resolve().parents[2]


def golden_document() -> dict[str, Any]:
    return generate_asyncapi(
        golden_routes(),
        title="Small app",
        version="1.0.0",
        description="A small chanx app for the golden test.",
        servers={
            "production": {
                "host": "chat.example.com",
                "protocol": "wss",
                "pathname": "/realtime",
                "description": "Production.",
            },
            "local": {"host": "localhost:8000", "protocol": "ws"},
        },
        contact={"name": "chanx", "url": "https://example.com", "email": "dev@example.com"},
        license={"name": "MIT"},
    )


def full_document() -> dict[str, Any]:
    return generate_asyncapi(full_routes(), title="Full", version="1")


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# --------------------------------------------------------------------------- golden & determinism


def test_golden_small_app() -> None:
    text = to_json(golden_document())
    if os.environ.get("CHANX_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), "run with CHANX_UPDATE_GOLDEN=1 to create the golden file"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the generated document changed; if intended, rerun with CHANX_UPDATE_GOLDEN=1 "
        "and review the diff of tests/asyncapi/golden/small_app.json"
    )


def test_generating_twice_gives_identical_bytes() -> None:
    first = json.dumps(full_document(), sort_keys=False)
    second = json.dumps(full_document(), sort_keys=False)
    assert first == second


def test_generation_is_identical_across_processes() -> None:
    code = (
        "import json, sys\n"
        "from chanx.asyncapi import generate_asyncapi\n"
        "from tests.asyncapi.apps import full_routes\n"
        "doc = generate_asyncapi(full_routes(), title='Full', version='1')\n"
        "sys.stdout.write(json.dumps(doc, sort_keys=False))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert out == json.dumps(full_document(), sort_keys=False)


# --------------------------------------------------------------------------- document shape


def test_every_ref_resolves_and_no_defs_remain() -> None:
    document = full_document()
    refs = [node["$ref"] for _, node in walk(document) if isinstance(node, dict) and "$ref" in node]
    assert refs
    for ref in refs:
        resolve(document, ref)
    assert not any(isinstance(node, dict) and "$defs" in node for _, node in walk(document)), (
        "pydantic $defs must be hoisted to components/schemas"
    )


def test_every_component_is_used() -> None:
    document = full_document()
    refs = {node["$ref"] for _, node in walk(document) if isinstance(node, dict) and "$ref" in node}
    for section, items in document["components"].items():
        for name in items:
            assert f"#/components/{section}/{name}" in refs, f"unused {section}/{name}"


def test_one_channel_per_route_with_parameters() -> None:
    document = full_document()
    channels = document["channels"]
    assert list(channels) == ["behaviour", "camel_behaviour", "rooms", "status_a", "status_b"]
    behaviour = channels["behaviour"]
    assert behaviour["address"] == "/ws/behaviour/{room_id}/"
    assert behaviour["parameters"] == {
        "room_id": {
            "description": "Path parameter `room_id`. Matches `[0-9]+`.",
            "x-pattern": "[0-9]+",
        }
    }
    assert channels["camel_behaviour"]["address"] == "/ws/camel/{slug}"
    assert channels["rooms"]["parameters"]["room_name"]["description"] == "Name of the room."
    assert "parameters" not in channels["status_a"]
    assert behaviour["description"].startswith("Everything the behaviour suite checks")
    assert channels["rooms"]["tags"] == [{"name": "rooms"}]


def test_same_consumer_routed_twice_gets_two_channels() -> None:
    routes = [RouteInfo("/a", EchoConsumer), RouteInfo("/b", EchoConsumer)]
    document = generate_asyncapi(routes, title="T", version="1")
    assert list(document["channels"]) == ["echo", "echo_2"]
    assert "echo.ping" in document["operations"]
    assert "echo_2.ping" in document["operations"]
    assert document["operations"]["echo_2.ping"]["channel"] == {"$ref": "#/channels/echo_2"}


def test_receive_operations_with_reply() -> None:
    ops = full_document()["operations"]
    ping = ops["behaviour.ping"]
    assert ping["action"] == "receive"
    assert ping["summary"] == "Liveness check"
    assert ping["messages"] == [{"$ref": "#/channels/behaviour/messages/PingMessage"}]
    assert ping["reply"] == {
        "channel": {"$ref": "#/channels/behaviour"},
        "messages": [{"$ref": "#/channels/behaviour/messages/PongMessage"}],
    }
    assert ops["behaviour.echo"]["description"] == "Send the text back."
    assert "reply" not in ops["behaviour.silent"]
    assert ops["behaviour.shout"]["reply"]["messages"] == [
        {"$ref": "#/channels/behaviour/messages/ShoutedMessage"}
    ]
    publish = ops["rooms.publish"]  # ``action=`` names the operation
    assert publish["tags"] == [{"name": "posts"}]
    assert publish["reply"]["messages"] == [
        {"$ref": "#/channels/rooms/messages/PostedMessage"},
        {"$ref": "#/channels/rooms/messages/RejectedMessage"},
    ]


def test_operations_are_namespaced_per_channel() -> None:
    ops = full_document()["operations"]
    assert ops["status_a.ping"]["channel"] == {"$ref": "#/channels/status_a"}
    assert ops["status_b.ping"]["channel"] == {"$ref": "#/channels/status_b"}
    for op in ops.values():
        channel = op["channel"]["$ref"]
        for message in op["messages"] + op.get("reply", {}).get("messages", []):
            assert message["$ref"].startswith(channel + "/messages/")


def test_send_operations_for_events_passthrough_emits_and_protocol_frames() -> None:
    ops = full_document()["operations"]
    assert ops["behaviour.event.notify"]["action"] == "send"
    assert ops["behaviour.event.notify"]["messages"] == [
        {"$ref": "#/channels/behaviour/messages/NotificationMessage"}
    ]
    assert "behaviour.event.broken" not in ops  # no output, nothing reaches the client
    assert ops["behaviour.passthrough.announcement"]["messages"] == [
        {"$ref": "#/channels/behaviour/messages/AnnouncementEvent"}
    ]
    assert ops["behaviour.emits.server_time"]["messages"] == [
        {"$ref": "#/channels/behaviour/messages/ServerTimeMessage"}
    ]
    protocol = {k.split(".", 1)[1] for k in ops if k.startswith("behaviour.")} & {
        "error",
        "authentication",
        "complete",
        "group_complete",
        "event_complete",
    }
    assert protocol == {"error", "authentication"}  # no send_completion, has an authenticator
    camel = {k.split(".", 1)[1] for k in ops if k.startswith("camel_behaviour.")}
    assert {"error", "authentication", "complete", "group_complete", "event_complete"} <= camel
    assert "status_a.error" in ops
    assert "status_a.authentication" not in ops
    assert all(op["description"] for op in ops.values())


def test_error_frame_payload_is_documented() -> None:
    schemas = full_document()["components"]["schemas"]
    payload = schemas["ErrorMessage"]["properties"]["payload"]
    assert payload["oneOf"] == [
        {"type": "array", "items": {"$ref": "#/components/schemas/ValidationErrorItem"}},
        {"$ref": "#/components/schemas/ErrorDetail"},
    ]
    assert "handler_error" in schemas["ErrorDetail"]["properties"]["code"]["examples"]


def test_messages_carry_the_action_as_name_and_are_required() -> None:
    components = full_document()["components"]
    echo = components["messages"]["EchoMessage"]
    assert echo["name"] == "echo"
    assert echo["title"] == "EchoMessage"
    assert echo["payload"] == {"$ref": "#/components/schemas/EchoMessage"}
    schema = components["schemas"]["EchoMessage"]
    assert schema["required"][0] == "action"
    assert schema["properties"]["action"]["const"] == "echo"


def test_ref_is_a_correlation_id_on_requests_and_replies_only() -> None:
    components = full_document()["components"]
    assert components["correlationIds"]["ref"]["location"] == "$message.payload#/ref"
    correlated = {"$ref": "#/components/correlationIds/ref"}
    messages, schemas = components["messages"], components["schemas"]
    for name in ("EchoMessage", "EchoReply", "PingMessage", "PongMessage", "ErrorMessage"):
        assert messages[name]["correlationId"] == correlated, name
        ref = schemas[name]["properties"]["ref"]
        assert ref["type"] == "string"
        assert "ref" not in schemas[name]["required"]
    for name in ("ServerTimeMessage", "AnnouncementEvent", "NotificationMessage"):
        assert "correlationId" not in messages[name], name
        assert "ref" not in schemas[name]["properties"], name


def test_discriminators_use_the_asyncapi_string_form() -> None:
    document = full_document()
    discriminators = [
        node["discriminator"]
        for _, node in walk(document)
        if isinstance(node, dict) and "discriminator" in node
    ]
    assert discriminators == ["kind"]
    body = document["components"]["schemas"]["PostPayload"]["properties"]["body"]
    assert body["oneOf"] == [
        {"$ref": "#/components/schemas/TextBody"},
        {"$ref": "#/components/schemas/ImageBody"},
    ]


def test_enums_and_nested_models_become_component_schemas() -> None:
    schemas = full_document()["components"]["schemas"]
    assert schemas["Priority"] == {"enum": ["low", "high"], "title": "Priority", "type": "string"}
    assert schemas["ImageBody"]["properties"]["attachment"] == {
        "$ref": "#/components/schemas/Attachment"
    }


# --------------------------------------------------------------------------- names and camelize


def test_same_class_name_in_two_modules_does_not_clash() -> None:
    document = full_document()
    schemas, messages = document["components"]["schemas"], document["components"]["messages"]
    names = [n for n in messages if n.endswith("StatusMessage")]
    assert len(names) == 2
    actions = {schemas[n]["properties"]["action"]["const"]: n for n in names}
    assert set(actions) == {"status_a", "status_b"}
    assert "same_a" in actions["status_a"]
    assert "same_b" in actions["status_b"]
    ping_a = document["operations"]["status_a.ping"]
    assert ping_a["messages"] == [{"$ref": f"#/channels/status_a/messages/{actions['status_a']}"}]
    assert ping_a["reply"]["messages"] == [
        {"$ref": f"#/channels/status_a/messages/{actions['status_b']}"}
    ]
    payload_a = resolve(document, schemas[actions["status_a"]]["properties"]["payload"]["$ref"])
    payload_b = resolve(document, schemas[actions["status_b"]]["properties"]["payload"]["$ref"])
    assert "online" in payload_a["properties"]
    assert "level" in payload_b["properties"]


def test_camelize_renames_properties_and_required_only() -> None:
    schemas = full_document()["components"]["schemas"]
    # Used only by a camelizing consumer: camelized under its own name.
    post = schemas["PostPayload"]
    assert list(post["properties"]) == ["body", "priority", "replyToId"]
    assert post["properties"]["replyToId"]["title"] == "Reply To Id"
    assert post["properties"]["priority"]["$ref"] == "#/components/schemas/Priority"
    assert schemas["ImageBody"]["required"] == ["attachment"]
    assert "altText" in schemas["ImageBody"]["properties"]
    assert "sizeBytes" in schemas["Attachment"]["properties"]
    # Used by both kinds of consumer: a plain and a camelized schema.
    assert schemas["CamelPayload"]["required"] == ["first_name"]
    assert schemas["CamelPayloadCamel"]["required"] == ["firstName"]
    assert list(schemas["CamelPayloadCamel"]["properties"]) == ["firstName", "lastNameLength"]
    assert schemas["CamelPayloadCamel"]["title"] == "CamelPayload"
    assert schemas["CamelMessageCamel"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/CamelPayloadCamel"
    }
    # Unchanged by camelize: shared, not duplicated.
    assert "EchoMessageCamel" not in schemas
    assert "TextPayloadCamel" not in schemas


def test_camelizing_channel_references_camel_messages() -> None:
    document = full_document()
    camel = document["channels"]["camel_behaviour"]["messages"]
    plain = document["channels"]["behaviour"]["messages"]
    assert "CamelMessageCamel" in camel
    assert "CamelMessage" not in camel
    assert "CamelMessage" in plain
    assert "CamelMessageCamel" not in plain
    assert "EchoMessage" in camel
    assert "EchoMessage" in plain
    assert document["components"]["messages"]["CamelMessageCamel"]["name"] == "camel_case"


# --------------------------------------------------------------------------- security, servers, info


def test_credentials_become_security_schemes() -> None:
    document = full_document()
    assert document["components"]["securitySchemes"] == {
        "cookie_sessionid": {"type": "httpApiKey", "name": "sessionid", "in": "cookie"},
        "header_Authorization": {
            "type": "httpApiKey",
            "name": "Authorization",
            "in": "header",
            "description": "`Bearer <token>`.",
        },
        "query_token": {
            "type": "httpApiKey",
            "name": "token",
            "in": "query",
            "description": "Access token in the query string.",
        },
    }
    expected = [
        {"$ref": "#/components/securitySchemes/query_token"},
        {"$ref": "#/components/securitySchemes/header_Authorization"},
        {"$ref": "#/components/securitySchemes/cookie_sessionid"},
    ]
    for key, op in document["operations"].items():
        if key.startswith(("behaviour.", "camel_behaviour.")):
            assert op["security"] == expected, key
        else:
            assert "security" not in op, key


def test_no_authenticator_means_no_security_schemes() -> None:
    document = generate_asyncapi(minimal_routes(), title="T", version="1")
    assert "securitySchemes" not in document["components"]


@pytest.mark.parametrize(
    ("url", "protocol", "expected"),
    [
        ("ws://localhost:8000", None, {"host": "localhost:8000", "protocol": "ws"}),
        (
            "wss://example.com/base/",
            None,
            {"host": "example.com", "protocol": "wss", "pathname": "/base"},
        ),
        ("example.com:443", "wss", {"host": "example.com:443", "protocol": "wss"}),
        ("example.com", None, {"host": "example.com", "protocol": "ws"}),
    ],
)
def test_server_from_url(url: str, protocol: str | None, expected: dict[str, str]) -> None:
    assert server_from_url(url, protocol) == expected


def test_server_from_url_needs_a_host() -> None:
    with pytest.raises(ValueError, match="no host"):
        server_from_url("ws:///path")


def test_servers_and_info() -> None:
    document = golden_document()
    assert document["servers"]["production"] == {
        "host": "chat.example.com",
        "protocol": "wss",
        "pathname": "/realtime",
        "description": "Production.",
    }
    assert list(document)[:4] == ["asyncapi", "info", "servers", "defaultContentType"]
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["tags"] == [
        {"name": "health"},
        {"name": "notices"},
        {"name": "posts"},
        {"name": "rooms"},
    ]
    bare = generate_asyncapi([], title="Empty", version="0")
    assert bare["info"]["description"] == "WebSocket API of Empty."
    assert "servers" not in bare


# --------------------------------------------------------------------------- scope


def test_only_routed_classes_appear() -> None:
    document = generate_asyncapi(minimal_routes(), title="T", version="1")
    assert sorted(document["components"]["schemas"]) == [
        "ErrorDetail",
        "ErrorMessage",
        "PingMessage",
        "PongMessage",
        "ValidationErrorItem",
    ]
    assert sorted(document["components"]["messages"]) == [
        "ErrorMessage",
        "PingMessage",
        "PongMessage",
    ]


def test_a_consumer_defined_later_does_not_leak_into_earlier_routes() -> None:
    before = to_json(generate_asyncapi(minimal_routes(), title="T", version="1"))

    class LateConsumer(FakeConsumer):
        @ws_handler(action="late_ping")
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    after = to_json(generate_asyncapi(minimal_routes(), title="T", version="1"))
    assert before == after
    both = generate_asyncapi(
        [*minimal_routes(), RouteInfo("/late", LateConsumer)], title="T", version="1"
    )
    assert "late.late_ping" in both["operations"]


def test_routing_a_non_chanx_class_is_an_error() -> None:
    with pytest.raises(TypeError, match="not a chanx consumer"):
        generate_asyncapi([RouteInfo("/x", object)], title="T", version="1")


def test_behaviour_consumer_handlers_are_all_documented() -> None:
    ops = generate_asyncapi([RouteInfo("/b", BehaviourConsumer)], title="T", version="1")[
        "operations"
    ]
    receive = sorted(k.split(".", 1)[1] for k, op in ops.items() if op["action"] == "receive")
    assert receive == sorted(h.operation for h in BehaviourConsumer.chanx_registry.ws_handlers)


def test_operation_keys_never_clash() -> None:
    class ClashConsumer(FakeConsumer):
        @ws_handler(action="error")
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    ops = generate_asyncapi([RouteInfo("/c", ClashConsumer)], title="T", version="1")["operations"]
    assert ops["clash.error"]["action"] == "receive"
    assert ops["clash.error_2"]["summary"] == "Error frame"


def test_shared_credentials_give_one_scheme_each() -> None:
    class OtherAuthenticator(TokenAuthenticator):
        credentials = (
            TokenAuthenticator.credentials[0],
            Credential("token", "query", "Another token."),
        )

    class OtherConsumer(EchoConsumer):
        authenticator_class = OtherAuthenticator

    routes = [RouteInfo("/b", BehaviourConsumer), RouteInfo("/o", OtherConsumer)]
    document = generate_asyncapi(routes, title="T", version="1")
    schemes = document["components"]["securitySchemes"]
    assert sorted(schemes) == [
        "cookie_sessionid",
        "header_Authorization",
        "query_token",
        "query_token_2",
    ]
    assert document["operations"]["other.ping"]["security"] == [
        {"$ref": "#/components/securitySchemes/query_token"},
        {"$ref": "#/components/securitySchemes/query_token_2"},
    ]


def test_empty_routes_give_a_valid_empty_document() -> None:
    document = generate_asyncapi([], title="Empty", version="0")
    assert document["channels"] == {}
    assert document["operations"] == {}
    assert "components" not in document
