"""CONTRACT §5: every error frame of the wire protocol, and ``ref`` echoing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from structlog.testing import capture_logs

from tests.behaviour.consumers import SECRET_IN_EXCEPTION
from tests.channels.helpers import Connect, assert_silent, echo_round_trip, frames, send_raw
from tests.channels.testapp.consumers import (
    BehaviourConsumer,
    CompletionConsumer,
    SmallFramesConsumer,
)

BEHAVIOUR = "/ws/behaviour/"
COMPLETION = "/ws/completion/"
SMALL = "/ws/small/"

HANDLER_ERROR = {"detail": "Failed to process message for fail", "code": "handler_error"}
DOMAIN_ERROR = {"detail": "That room does not exist", "code": "room_not_found"}


def _error_payload(frame: dict[str, Any]) -> Any:
    assert frame["action"] == "error", frame
    return frame["payload"]


# --------------------------------------------------------------------------- validation errors


async def test_missing_payload_field_exact_error(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "echo", "payload": {}})
    assert await communicator.receive_json() == {
        "action": "error",
        "payload": [
            {"type": "missing", "loc": ["echo", "payload", "message"], "msg": "Field required"}
        ],
    }
    await echo_round_trip(communicator)


async def test_missing_payload_exact_error(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "echo"})
    assert await communicator.receive_json() == {
        "action": "error",
        "payload": [{"type": "missing", "loc": ["echo", "payload"], "msg": "Field required"}],
    }
    await echo_round_trip(communicator)


async def test_wrong_field_type_error_does_not_echo_input(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    secret_input = {"token": "input-must-not-be-echoed"}
    await send_raw(communicator, {"action": "echo", "payload": {"message": secret_input}})
    frame = await communicator.receive_json()
    (error,) = _error_payload(frame)
    assert error["type"] == "string_type"
    assert error["loc"] == ["echo", "payload", "message"]
    assert set(error) == {"type", "loc", "msg"}
    assert "input-must-not-be-echoed" not in json.dumps(frame)
    await echo_round_trip(communicator)


async def test_constraint_error_has_no_ctx_or_url(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": "soon", "tag": 1}})
    errors = _error_payload(await communicator.receive_json())
    assert sorted(e["type"] for e in errors) == ["float_parsing", "string_type"]
    assert all(set(e) == {"type", "loc", "msg"} for e in errors)
    await echo_round_trip(communicator)


async def test_unknown_action_is_union_tag_invalid(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "does_not_exist", "payload": {}})
    (error,) = _error_payload(await communicator.receive_json())
    assert error["type"] == "union_tag_invalid"
    assert error["loc"] == []
    assert isinstance(error["msg"], str)
    assert "does_not_exist" in error["msg"]
    assert set(error) == {"type", "loc", "msg"}
    await echo_round_trip(communicator)


async def test_missing_action_is_union_tag_not_found(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"payload": {"message": "no action"}})
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("union_tag_not_found", [])
    await echo_round_trip(communicator)


@pytest.mark.parametrize(
    "text",
    ["not json at all", "[1, 2, 3]", '"just a string"', "42", "null", '{"action": "echo"'],
    ids=["garbage", "array", "string", "number", "null", "truncated"],
)
async def test_not_a_json_object_is_json_invalid(connect: Connect, text: str) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, text)
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("json_invalid", [])
    assert isinstance(error["msg"], str)
    assert error["msg"]
    await echo_round_trip(communicator)


async def test_binary_frame_is_json_invalid(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await communicator.send_to(bytes_data=json.dumps({"action": "ping"}).encode())
    (error,) = _error_payload(await communicator.receive_json())
    assert (error["type"], error["loc"]) == ("json_invalid", [])
    await echo_round_trip(communicator)


async def test_unknown_top_level_keys_are_ignored(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(
        communicator, {"action": "echo", "payload": {"message": "x"}, "whatever": [1], "meta": {}}
    )
    assert await communicator.receive_json() == {
        "action": "echo_reply",
        "payload": {"message": "x"},
    }


async def test_payload_may_be_omitted_when_defaulted(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(communicator, {"action": "ping"})
    assert await communicator.receive_json() == {"action": "pong", "payload": None}


# --------------------------------------------------------------------------- handler errors


async def test_handler_exception_sends_generic_error_without_details(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    with capture_logs() as logs:
        await send_raw(communicator, {"action": "fail"})
        received = await frames(communicator)
    assert received == [{"action": "error", "payload": HANDLER_ERROR}]
    assert SECRET_IN_EXCEPTION not in json.dumps(received)
    failed = [entry for entry in logs if entry["event"] == "chanx.handler.failed"]
    assert len(failed) == 1
    assert failed[0]["action"] == "fail"
    assert failed[0].get("exc_info") is True
    await echo_round_trip(communicator)


async def test_handler_exception_with_completion_never_leaks_secret(connect: Connect) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await send_raw(communicator, {"action": "fail", "ref": "f1"})
    received = await frames(communicator)
    assert received == [
        {"action": "error", "payload": HANDLER_ERROR, "ref": "f1", "version": 1},
        {"action": "complete", "payload": None, "ref": "f1", "version": 1},
    ]
    assert SECRET_IN_EXCEPTION not in json.dumps(received)


async def test_ws_error_becomes_detail_and_code(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    with capture_logs() as logs:
        await send_raw(communicator, {"action": "domain_error"})
        received = await frames(communicator)
    assert received == [{"action": "error", "payload": DOMAIN_ERROR}]
    assert not [entry for entry in logs if entry["log_level"] in ("error", "critical")]
    await echo_round_trip(communicator)


async def test_handler_returning_a_non_message_is_a_handler_error(connect: Connect) -> None:
    from tests.channels.testapp.consumers import ExtrasConsumer

    communicator = await connect("/ws/extras/", ExtrasConsumer)
    await send_raw(communicator, {"action": "bad_result"})
    assert await frames(communicator) == [
        {
            "action": "error",
            "payload": {
                "detail": "Failed to process message for bad_result",
                "code": "handler_error",
            },
        }
    ]
    await echo_round_trip(communicator)


# --------------------------------------------------------------------------- oversized frames


def _echo_frame_of_size(size: int, char: str = "x") -> str:
    skeleton = '{"action":"echo","payload":{"message":"%s"}}'
    filler = size - len((skeleton % "").encode())
    assert filler >= 0
    char_bytes = len(char.encode())
    text = skeleton % (char * (filler // char_bytes) + "x" * (filler % char_bytes))
    assert len(text.encode()) == size
    return text


async def test_oversized_frame_errors_then_closes_1009(connect: Connect) -> None:
    communicator = await connect(SMALL, SmallFramesConsumer)
    with capture_logs() as logs:
        await send_raw(communicator, _echo_frame_of_size(200))
        frame = await communicator.receive_json()
        await communicator.assert_closed(1009)
    payload = _error_payload(frame)
    assert payload["code"] == "message_too_large"
    assert isinstance(payload["detail"], str)
    assert payload["detail"]
    assert set(payload) == {"detail", "code"}
    assert "chanx.message.too_large" in [entry["event"] for entry in logs]
    # nothing is processed or sent once the connection is closed
    await send_raw(communicator, {"action": "ping"})
    await assert_silent(communicator)


async def test_frame_at_the_limit_is_accepted(connect: Connect) -> None:
    communicator = await connect(SMALL, SmallFramesConsumer)
    text = _echo_frame_of_size(SmallFramesConsumer.max_message_size)
    await send_raw(communicator, text)
    reply = await communicator.receive_json()
    assert reply["action"] == "echo_reply"
    assert reply["payload"] == json.loads(text)["payload"]


async def test_frame_one_byte_over_the_limit_is_rejected(connect: Connect) -> None:
    communicator = await connect(SMALL, SmallFramesConsumer)
    await send_raw(communicator, _echo_frame_of_size(SmallFramesConsumer.max_message_size + 1))
    assert _error_payload(await communicator.receive_json())["code"] == "message_too_large"
    await communicator.assert_closed(1009)


async def test_limit_counts_utf8_bytes_not_characters(connect: Connect) -> None:
    communicator = await connect(SMALL, SmallFramesConsumer)
    text = _echo_frame_of_size(SmallFramesConsumer.max_message_size + 2, char="é")
    assert len(text) <= SmallFramesConsumer.max_message_size
    await send_raw(communicator, text)
    assert _error_payload(await communicator.receive_json())["code"] == "message_too_large"
    await communicator.assert_closed(1009)


async def test_default_limit_accepts_large_frames(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    text = "y" * 100_000
    await send_raw(communicator, {"action": "echo", "payload": {"message": text}})
    assert (await communicator.receive_json())["payload"]["message"] == text


# --------------------------------------------------------------------------- ref echoing


REF_CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "reply",
        {"action": "echo", "payload": {"message": "m"}},
        [{"action": "echo_reply", "payload": {"message": "m"}}],
    ),
    (
        "two-replies",
        {"action": "two_replies"},
        [
            {"action": "echo_reply", "payload": {"message": "one"}},
            {"action": "echo_reply", "payload": {"message": "two"}},
        ],
    ),
    ("silent", {"action": "silent"}, []),
    ("handler-error", {"action": "fail"}, [{"action": "error", "payload": HANDLER_ERROR}]),
    ("ws-error", {"action": "domain_error"}, [{"action": "error", "payload": DOMAIN_ERROR}]),
    (
        "invalid-payload",
        {"action": "echo", "payload": {}},
        [
            {
                "action": "error",
                "payload": [
                    {
                        "type": "missing",
                        "loc": ["echo", "payload", "message"],
                        "msg": "Field required",
                    }
                ],
            }
        ],
    ),
]
REF_IDS = [case[0] for case in REF_CASES]
COMPLETE = {"action": "complete", "payload": None}


@pytest.mark.parametrize(("name", "request_frame", "expected"), REF_CASES, ids=REF_IDS)
async def test_ref_is_echoed_on_every_frame(
    connect: Connect, name: str, request_frame: dict[str, Any], expected: list[dict[str, Any]]
) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await send_raw(communicator, {**request_frame, "ref": f"ref-{name}"})
    with_ref = {"ref": f"ref-{name}", "version": 1}
    assert await frames(communicator) == [{**f, **with_ref} for f in [*expected, COMPLETE]]


@pytest.mark.parametrize(("name", "request_frame", "expected"), REF_CASES, ids=REF_IDS)
async def test_no_ref_means_no_ref_or_version(
    connect: Connect, name: str, request_frame: dict[str, Any], expected: list[dict[str, Any]]
) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await send_raw(communicator, request_frame)
    assert await frames(communicator) == [*expected, COMPLETE]


async def test_ref_is_echoed_on_unknown_action_error(connect: Connect) -> None:
    communicator = await connect(COMPLETION, CompletionConsumer)
    await send_raw(communicator, {"action": "nope", "ref": "u1"})
    error, complete = await frames(communicator)
    assert (error["action"], error["ref"], error["version"]) == ("error", "u1", 1)
    assert error["payload"][0]["type"] == "union_tag_invalid"
    assert complete == {**COMPLETE, "ref": "u1", "version": 1}


async def test_ref_is_echoed_by_the_communicator_helper(connect: Connect) -> None:
    from tests.behaviour.messages import EchoMessage, TextPayload

    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await communicator.send_message(EchoMessage(payload=TextPayload(message="h")), ref="abc")
    assert await communicator.receive_json() == {
        "action": "echo_reply",
        "payload": {"message": "h"},
        "ref": "abc",
        "version": 1,
    }


async def test_concurrent_requests_keep_their_own_ref(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, BehaviourConsumer)
    await send_raw(
        communicator, {"action": "sleep", "payload": {"seconds": 0.2, "tag": "slow"}, "ref": "A"}
    )
    await send_raw(communicator, {"action": "echo", "payload": {"message": "fast"}, "ref": "B"})
    await send_raw(communicator, {"action": "echo", "payload": {"message": "plain"}})
    received = await frames(communicator, quiet=0.4)
    by_action = {
        (f["action"], f["payload"].get("message", f["payload"].get("tag"))): f for f in received
    }
    assert len(received) == 3
    assert by_action[("echo_reply", "fast")]["ref"] == "B"
    assert by_action[("slept", "slow")]["ref"] == "A"
    assert "ref" not in by_action[("echo_reply", "plain")]
    assert received[-1]["action"] == "slept"


async def test_group_relay_produced_during_a_ref_request_does_not_reuse_it(
    connect: Connect,
) -> None:
    """The relayed broadcast is produced by the group message, not by the client frame."""
    sender = await connect(COMPLETION, CompletionConsumer)
    await send_raw(sender, {"action": "shout", "payload": {"message": "hey"}, "ref": "s1"})
    received = await frames(sender)
    assert {"action": "complete", "payload": None, "ref": "s1", "version": 1} in received
    shouted = [f for f in received if f["action"] == "shouted"]
    assert shouted == [{"action": "shouted", "payload": {"message": "hey"}}]
