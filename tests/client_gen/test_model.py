"""The normalised model (directions, replies, topics, shared schemas) and type mapping."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chanx.client_gen import SchemaError, build_spec
from chanx.client_gen.naming import class_name, field_name, snake
from chanx.client_gen.pyschema import PyNames, py_type
from chanx.client_gen.tsschema import TsNames, ts_type
from tests.client_gen.support import FIXTURE


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text())
    return loaded


def test_directions_are_the_clients(document: dict[str, Any]) -> None:
    spec = build_spec(document)
    rooms = spec.channel("rooms")
    # The server *receives* post: the client sends it.
    assert [m.key for m in rooms.outgoing] == ["PostMessage"]
    # Replies and the server's send operations are what the client receives.
    assert [m.key for m in rooms.incoming] == [
        "ErrorMessage",
        "PostedMessageCamel",
        "RejectedMessage",
    ]
    assert rooms.replies == (("post", ("posted", "rejected")),)
    assert [p.name for p in rooms.parameters] == ["room_name"]


def test_authentication_and_credentials(document: dict[str, Any]) -> None:
    notices = build_spec(document).channel("notices")
    assert notices.authenticated
    assert notices.header_credentials == ("Authorization",)
    assert notices.query_credentials == ("token",)
    assert {m.action for m in notices.incoming} >= {"authentication", "room_event", "posted"}
    assert not build_spec(document).channel("echo").authenticated


def test_topic_channels_attach_to_the_route_with_their_address(document: dict[str, Any]) -> None:
    spec = build_spec(document)
    topic = spec.channel("thread_topic")
    assert topic.topic is not None
    assert topic.topic.pattern == "thread:{thread_id}"
    assert topic.topic.parameters == ("thread_id",)
    assert topic.parent == "rooms"
    assert spec.channel("rooms").topics == ("thread_topic",)


def test_schemas_used_by_several_channels_are_shared(document: dict[str, Any]) -> None:
    spec = build_spec(document)
    assert {"ErrorMessage", "ErrorDetail", "ValidationErrorItem", "PingMessage"} <= spec.shared
    assert spec.owner["RejectedPayload"] == "rooms"
    assert spec.owner["SayPayload"] == "thread_topic"
    assert not spec.shared & set(spec.owner)


def test_unresolved_schema_reference_is_a_schema_error(document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document))
    del broken["components"]["schemas"]["RejectedPayload"]
    with pytest.raises(SchemaError, match="RejectedPayload"):
        build_spec(broken)


@pytest.mark.parametrize(
    ("schema", "python", "typescript"),
    [
        ({"type": "string"}, "str", "string"),
        ({"type": ["integer", "null"]}, "int | None", "number | null"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "str | None", "string | null"),
        ({"enum": ["a", "b"]}, 'Literal["a", "b"]', '"a" | "b"'),
        ({"const": "x"}, 'Literal["x"]', '"x"'),
        ({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
         "list[str | int]", "Array<string | number>"),
        ({"type": "object", "additionalProperties": {"type": "number"}},
         "dict[str, float]", "Record<string, number>"),
        ({}, "Any", "unknown"),
        ({"$ref": "#/components/schemas/Thing"}, "Thing", "Thing"),
        ({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
          "discriminator": "kind"},
         'Annotated[A | B, Field(discriminator="kind")]', "A | B"),
    ],
)  # fmt: skip
def test_type_mapping(schema: dict[str, Any], python: str, typescript: str) -> None:
    schemas = {
        "Thing": {"type": "object", "properties": {}},
        "A": {"type": "object", "properties": {"kind": {"const": "a"}}},
        "B": {"type": "object", "properties": {"kind": {"const": "b"}}},
    }
    assert py_type(schema, PyNames(list(schemas)), schemas) == python
    assert ts_type(schema, TsNames(list(schemas))) == typescript


def test_names() -> None:
    assert snake("roomName") == "room_name"
    assert snake("class") == "class_"
    assert class_name("echo_reply") == "EchoReply"
    assert class_name("PostPayloadCamel") == "PostPayloadCamel"
    assert field_name("reply-to") == "reply_to"
    assert field_name("model_config") == "model_config_"
    assert field_name("json") == "json_"
    assert field_name("sizeBytes") == "sizeBytes"
    # Schema names that clash with what generated modules import are renamed.
    assert PyNames(["Field", "Any", "Post"]).names == {
        "Any": "AnyModel",
        "Field": "FieldModel",
        "Post": "Post",
    }
