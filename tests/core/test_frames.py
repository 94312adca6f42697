"""Wire encoding of messages and the error payloads of the protocol."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from chanx.core.frames import (
    encode_dict,
    encode_message,
    error_detail,
    json_invalid_errors,
    validation_errors,
)
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import ErrorMessage


class Profile(BaseModel):
    first_name: str
    last_name_length: int = 0
    tags: list[str] = []
    nested_info: dict[str, Any] = {}


class ProfileMessage(BaseMessage):
    action: Literal["profile_updated"] = "profile_updated"
    payload: Profile


PROFILE = ProfileMessage(
    payload=Profile(
        first_name="Ada",
        last_name_length=8,
        tags=["snake_value", "x"],
        nested_info={"inner_key": [{"deep_key": 1}]},
    )
)

MESSAGES = [
    PingMessage(),
    ErrorMessage(payload={"detail": "d", "code": "c"}),
    ErrorMessage(payload=[{"type": "missing", "loc": ["a", 0], "msg": "m"}]),
    PROFILE,
]
MESSAGE_IDS = ["ping", "error-dict", "error-list", "profile"]

REFS = ["r1", "", 'with "quotes"', "back\\slash", "ünïcødé ✓", "</script>", "x" * 256]
REF_IDS = ["plain", "empty", "quotes", "backslash", "unicode", "script", "long"]


@pytest.mark.parametrize("message", MESSAGES, ids=MESSAGE_IDS)
def test_encode_without_ref_is_the_model_dump(message: BaseMessage) -> None:
    text = encode_message(message, camelize=False, ref=None)
    assert json.loads(text) == message.model_dump(mode="json")
    assert "ref" not in json.loads(text)
    assert "version" not in json.loads(text)


@pytest.mark.parametrize("ref", REFS, ids=REF_IDS)
@pytest.mark.parametrize("message", MESSAGES, ids=MESSAGE_IDS)
def test_encode_with_ref_splices_ref_and_version_only(message: BaseMessage, ref: str) -> None:
    text = encode_message(message, camelize=False, ref=ref)
    assert json.loads(text) == {**message.model_dump(mode="json"), "ref": ref, "version": 1}


def test_encode_camelizes_keys_but_not_values() -> None:
    frame = json.loads(encode_message(PROFILE, camelize=True, ref=None))
    assert frame == {
        "action": "profile_updated",
        "payload": {
            "firstName": "Ada",
            "lastNameLength": 8,
            "tags": ["snake_value", "x"],
            "nestedInfo": {"innerKey": [{"deepKey": 1}]},
        },
    }


@pytest.mark.parametrize("ref", REFS, ids=REF_IDS)
def test_encode_camelized_with_ref(ref: str) -> None:
    frame = json.loads(encode_message(PROFILE, camelize=True, ref=ref))
    assert frame["ref"] == ref
    assert frame["version"] == 1
    assert frame["payload"]["firstName"] == "Ada"
    assert frame["action"] == "profile_updated"


@pytest.mark.parametrize("camelize", [False, True])
@pytest.mark.parametrize("ref", [None, "r"])
def test_encode_dict_matches_encode_message(camelize: bool, ref: str | None) -> None:
    from_dict = encode_dict(PROFILE.model_dump(mode="json"), camelize=camelize, ref=ref)
    from_message = encode_message(PROFILE, camelize=camelize, ref=ref)
    assert json.loads(from_dict) == json.loads(from_message)


def test_encode_dict_does_not_mutate_its_input() -> None:
    content = PROFILE.model_dump(mode="json")
    snapshot = json.loads(json.dumps(content))
    encode_dict(content, camelize=True, ref="r")
    assert content == snapshot


class Constrained(BaseModel):
    count: Annotated[int, Field(gt=0)]
    url: str
    when: Literal["now", "later"]


def _validation_error(data: Any) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        Constrained.model_validate(data)
    return excinfo.value


def test_validation_errors_keep_only_type_loc_msg() -> None:
    error = _validation_error({"count": 0, "when": "never"})
    raw = error.errors()
    assert any("ctx" in e for e in raw)
    assert all("input" in e and "url" in e for e in raw)

    cleaned = validation_errors(error)

    assert cleaned == [{"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]} for e in raw]
    assert {e["type"] for e in cleaned} == {"greater_than", "missing", "literal_error"}
    for entry in cleaned:
        assert set(entry) == {"type", "loc", "msg"}
        assert isinstance(entry["loc"], list)
    # the payload must be JSON-serialisable as is
    json.dumps(cleaned)


def test_validation_errors_do_not_leak_the_input() -> None:
    secret = "s3cr3t-token-value"
    error = _validation_error({"count": secret, "url": 1, "when": secret})
    assert secret not in json.dumps(validation_errors(error))


def test_json_invalid_errors_shape() -> None:
    assert json_invalid_errors("bad frame") == [
        {"type": "json_invalid", "loc": [], "msg": "bad frame"}
    ]


def test_error_detail_shape() -> None:
    assert error_detail("room_full", "The room is full") == {
        "detail": "The room is full",
        "code": "room_full",
    }
