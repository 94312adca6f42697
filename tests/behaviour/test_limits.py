"""Per-connection limits over the wire, on Django Channels and on FastAPI/fast-channels.

``/ws/limited/`` runs ``rate_limit="5/1s"`` (a token every 0.2 s),
``rate_limit_close_after=5`` and ``max_json_depth=4``; ``/ws/idle/`` runs
``idle_timeout=0.5``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.behaviour.conftest import Connect
from tests.behaviour.harness import assert_silent, frames, send_raw

LIMITED = "/ws/limited/"
IDLE = "/ws/idle/"
BURST = 5
REFILL = 1.0 / BURST  # seconds per token
RATE_LIMITED = {"detail": "Rate limit of 5/1s exceeded; slow down", "code": "rate_limited"}


def _echo(text: str, ref: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"action": "echo", "payload": {"message": text}}
    if ref is not None:
        frame["ref"] = ref
    return frame


def _echo_reply(text: str, ref: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"action": "echo_reply", "payload": {"message": text}}
    if ref is not None:
        frame.update(ref=ref, version=1)
    return frame


def _limited(ref: str) -> dict[str, Any]:
    return {"action": "error", "payload": RATE_LIMITED, "ref": ref, "version": 1}


async def _burst(communicator: Any, count: int, prefix: str) -> None:
    await asyncio.gather(
        *(send_raw(communicator, _echo(f"{prefix}{i}", f"{prefix}{i}")) for i in range(count))
    )


async def test_burst_beyond_the_bucket_is_rate_limited_then_recovers(connect: Connect) -> None:
    communicator = await connect(LIMITED, "limited")
    await _burst(communicator, BURST + 2, "b")
    received = await frames(communicator)
    assert len(received) == BURST + 2
    replies = [f for f in received if f["action"] == "echo_reply"]
    errors = [f for f in received if f["action"] == "error"]
    # The bucket starts full: at least BURST pass (more only if tokens refilled meanwhile).
    assert len(replies) >= BURST
    assert errors, received
    for frame in replies:
        assert frame == _echo_reply(frame["ref"], frame["ref"])
    for frame in errors:
        assert frame == _limited(frame["ref"])
    assert {f["ref"] for f in received} == {f"b{i}" for i in range(BURST + 2)}
    # Still open; once a token is back the next frame goes through.
    await asyncio.sleep(REFILL * 1.5)
    await send_raw(communicator, _echo("again", "a1"))
    assert await frames(communicator) == [_echo_reply("again", "a1")]


async def test_rate_limited_frame_without_ref_gets_error_without_ref(connect: Connect) -> None:
    communicator = await connect(LIMITED, "limited")
    await _burst(communicator, BURST, "x")
    assert len(await frames(communicator)) == BURST
    await send_raw(communicator, _echo("no ref"))
    received = await frames(communicator)
    assert received in (
        [{"action": "error", "payload": RATE_LIMITED}],
        [_echo_reply("no ref")],  # a token refilled on a slow machine
    )


async def test_sustained_abuse_closes_1008_and_spares_other_connections(
    connect: Connect,
) -> None:
    bystander = await connect(LIMITED, "limited")
    abuser = await connect(LIMITED, "limited")
    for i in range(40):
        await send_raw(abuser, _echo(f"flood{i}", f"f{i}"))
    received: list[Any] = []
    while True:
        output = await abuser.receive_output(timeout=2)
        if output["type"] == "websocket.close":
            assert output.get("code") == 1008
            break
        received.append(json.loads(output["text"]))
    errors = [f for f in received if f["action"] == "error"]
    assert errors
    assert all(f["payload"] == RATE_LIMITED for f in errors)
    assert len([f for f in received if f["action"] == "echo_reply"]) >= BURST
    # Nothing after the close; the other connection keeps its own bucket.
    await send_raw(abuser, _echo("after close"))
    await assert_silent(abuser)
    await send_raw(bystander, _echo("fine", "ok"))
    assert await frames(bystander) == [_echo_reply("fine", "ok")]


async def test_too_deep_json_is_json_invalid_and_connection_stays_usable(
    connect: Connect,
) -> None:
    communicator = await connect(LIMITED, "limited")
    deep = {**_echo("deep", "d1"), "extra": [[[[1]]]]}  # 5 levels with the frame itself
    await send_raw(communicator, deep)
    assert await frames(communicator) == [
        {
            "action": "error",
            "payload": [
                {"type": "json_invalid", "loc": [], "msg": "JSON nesting deeper than 4 levels"}
            ],
            "ref": "d1",
            "version": 1,
        }
    ]
    # Exactly at the limit, and brackets inside strings, are fine.
    await send_raw(communicator, {**_echo("[[[[[[[[", "d2"), "extra": [[[1]]]})
    assert await frames(communicator) == [_echo_reply("[[[[[[[[", "d2")]


async def test_idle_connection_is_closed_4408(connect: Connect) -> None:
    communicator = await connect(IDLE, "idle")
    await communicator.assert_closed(4408, timeout=3)


async def test_chatty_connection_stays_open_past_the_idle_timeout(connect: Connect) -> None:
    communicator = await connect(IDLE, "idle")
    for i in range(6):  # 1.2 s in total, more than twice the timeout
        await send_raw(communicator, _echo(f"tick{i}"))
        assert await communicator.receive_json() == _echo_reply(f"tick{i}")
        await asyncio.sleep(0.2)
    await send_raw(communicator, _echo("still open"))
    assert await communicator.receive_json() == _echo_reply("still open")
    # Then silence closes it.
    await communicator.assert_closed(4408, timeout=3)


async def test_idle_timeout_closes_only_the_idle_connection(connect: Connect) -> None:
    idle = await connect(IDLE, "idle")
    busy = await connect(IDLE, "idle")
    for i in range(4):
        await send_raw(busy, _echo(f"t{i}"))
        assert await busy.receive_json() == _echo_reply(f"t{i}")
        await asyncio.sleep(0.2)
    await idle.assert_closed(4408, timeout=1)
    await send_raw(busy, _echo("alive"))
    assert await busy.receive_json() == _echo_reply("alive")


async def test_binary_frames_spend_tokens_too(connect: Connect) -> None:
    communicator = await connect(LIMITED, "limited")
    for _ in range(BURST):
        await communicator.send_to(bytes_data=b"\x00")
    received = await frames(communicator)
    assert len(received) == BURST
    assert all(frame["payload"][0]["type"] == "json_invalid" for frame in received)
    await send_raw(communicator, _echo("over", "o1"))
    assert (await frames(communicator))[0] in (_limited("o1"), _echo_reply("over", "o1"))
