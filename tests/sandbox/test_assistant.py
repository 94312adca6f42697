"""The streaming assistant: deterministic generator, stream, cancel, disconnect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from structlog.testing import capture_logs

from sandbox_django.assistants.consumers import AssistantConsumer
from sandbox_django.assistants.generator import generate_reply, reply_words
from tests.sandbox.conftest import token_headers

PROMPT = "What is chanx?"


def test_generator_is_deterministic_and_prompt_dependent() -> None:
    first = "".join(generate_reply(PROMPT))
    assert first == "".join(generate_reply(PROMPT))
    assert first.startswith('You asked: "What is chanx?". ')
    assert first != "".join(generate_reply("Something else"))
    assert len(reply_words(PROMPT)) > 10


@pytest.fixture
async def assistant(connect: Callable[..., Any], make_user: Callable[[str], User]) -> Any:
    user = await sync_to_async(make_user)("ada")
    headers = await sync_to_async(token_headers)(user)
    communicator = await connect("/ws/assistant/", AssistantConsumer, headers)
    assert (await communicator.receive_json())["payload"]["status_code"] == 200
    return communicator


async def read_until_done(communicator: Any) -> list[dict[str, Any]]:
    frames = []
    while True:
        frame = await communicator.receive_json(timeout=10)
        frames.append(frame)
        if frame["action"] == "reply_done":
            return frames


@pytest.mark.django_db(transaction=True)
async def test_reply_streams_in_chunks_then_done(
    assistant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AssistantConsumer, "chunk_delay", 0)
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": PROMPT}, "ref": "q1"})
    frames = await read_until_done(assistant)
    words = reply_words(PROMPT)
    assert frames[0] == {
        "ref": "q1",
        "version": 1,
        "action": "reply_started",
        "payload": {"stream_id": 1},
    }
    chunks = frames[1:-1]
    assert [f["payload"]["index"] for f in chunks] == list(range(len(words)))
    assert "".join(f["payload"]["text"] for f in chunks) == "".join(words)
    assert all(f["ref"] == "q1" and f["action"] == "reply_chunk" for f in chunks)
    assert frames[-1]["payload"] == {"stream_id": 1, "chunks": len(words), "cancelled": False}
    # The connection is free for another question.
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": "again"}})
    assert (await read_until_done(assistant))[-1]["payload"]["stream_id"] == 2


@pytest.mark.django_db(transaction=True)
async def test_cancel_stops_the_stream(assistant: Any) -> None:
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": PROMPT}})
    assert (await assistant.receive_json())["action"] == "reply_started"
    assert (await assistant.receive_json())["payload"]["index"] == 0
    await assistant.send_json_to({"action": "cancel"})
    frames = await read_until_done(assistant)
    done = frames[-1]["payload"]
    assert done["cancelled"] is True
    assert done["chunks"] == 1 + len(frames) - 1  # the first chunk plus those read since
    assert done["chunks"] < len(reply_words(PROMPT))
    assert await assistant.receive_nothing(0.2)  # nothing streams after reply_done
    await assistant.send_json_to({"action": "cancel"})
    assert (await assistant.receive_json())["payload"]["code"] == "no_stream"


@pytest.mark.django_db(transaction=True)
async def test_one_stream_at_a_time(assistant: Any) -> None:
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": PROMPT}})
    assert (await assistant.receive_json())["action"] == "reply_started"
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": "more"}, "ref": "2"})
    frames = await read_until_done(assistant)
    [error] = [f for f in frames if f["action"] == "error"]
    assert error == {
        "ref": "2",
        "version": 1,
        "action": "error",
        "payload": {"detail": "Cancel the current reply first", "code": "stream_in_progress"},
    }
    assert frames[-1]["payload"]["cancelled"] is False


@pytest.mark.django_db(transaction=True)
async def test_disconnect_cancels_the_stream_task(assistant: Any) -> None:
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": PROMPT}})
    assert (await assistant.receive_json())["action"] == "reply_started"
    assert (await assistant.receive_json())["action"] == "reply_chunk"
    with capture_logs() as logs:
        await assistant.disconnect()
    assert {"event": "sandbox.assistant.stream_cancelled", "reason": "disconnect"}.items() <= (
        logs[-1].items()
    )


@pytest.mark.django_db(transaction=True)
async def test_anonymous_users_are_refused(connect: Callable[..., Any]) -> None:
    communicator = await connect("/ws/assistant/", AssistantConsumer)
    assert (await communicator.receive_json())["payload"]["status_code"] == 401
    await communicator.assert_closed(4401)


@pytest.mark.django_db(transaction=True)
async def test_empty_prompt_is_a_validation_error(assistant: Any) -> None:
    await assistant.send_json_to({"action": "ask", "payload": {"prompt": ""}})
    frame = await assistant.receive_json()
    assert frame["action"] == "error"
    assert [(e["type"], e["loc"]) for e in frame["payload"]] == [
        ("string_too_short", ["ask", "payload", "prompt"])
    ]
