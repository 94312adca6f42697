"""Per-connection handler concurrency: ordering, parallelism and cancel on disconnect."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, Literal

import pytest
from channels.routing import URLRouter

from chanx.channels.routing import path
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from tests.behaviour.consumers import FINISHED_SLEEPS
from tests.channels.helpers import Connect, frames, send_raw, wait_until
from tests.channels.testapp.consumers import BehaviourConsumer, OrderedConsumer

SECONDS = [0.3, 0.0, 0.1]


def _tags(prefix: str) -> list[str]:
    unique = uuid.uuid4().hex[:8]
    return [f"{prefix}-{index}-{unique}" for index in range(len(SECONDS))]


async def _send_sleeps(communicator: Any, tags: list[str]) -> None:
    for seconds, tag in zip(SECONDS, tags, strict=True):
        await send_raw(
            communicator, {"action": "sleep", "payload": {"seconds": seconds, "tag": tag}}
        )


async def test_ordered_consumer_replies_in_request_order(connect: Connect) -> None:
    assert OrderedConsumer.max_concurrent_handlers == 1
    communicator = await connect("/ws/ordered/", OrderedConsumer)
    tags = _tags("ordered")
    await _send_sleeps(communicator, tags)
    received = [await communicator.receive_json(timeout=2) for _ in tags]
    assert [f["payload"]["tag"] for f in received] == tags
    assert all(f["action"] == "slept" for f in received)


async def test_ordered_consumer_orders_errors_too(connect: Connect) -> None:
    communicator = await connect("/ws/ordered/", OrderedConsumer)
    tag = _tags("ordered-err")[0]
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.1, "tag": tag}})
    await send_raw(communicator, {"action": "echo", "payload": {}})
    await send_raw(communicator, {"action": "echo", "payload": {"message": "last"}})
    received = await frames(communicator, quiet=0.4)
    assert [f["action"] for f in received] == ["slept", "error", "echo_reply"]


async def test_concurrent_consumer_lets_short_handlers_finish_first(connect: Connect) -> None:
    assert BehaviourConsumer.max_concurrent_handlers == 16
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    tags = _tags("parallel")
    await _send_sleeps(communicator, tags)
    received = [await communicator.receive_json(timeout=2) for _ in tags]
    by_duration = [tag for _, tag in sorted(zip(SECONDS, tags, strict=True))]
    assert [f["payload"]["tag"] for f in received] == by_duration


async def test_concurrent_handlers_overlap_in_time(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    tags = [f"overlap-{i}-{uuid.uuid4().hex[:6]}" for i in range(5)]
    loop = asyncio.get_running_loop()
    started = loop.time()
    for tag in tags:
        await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.3, "tag": tag}})
    received = [await communicator.receive_json(timeout=2) for _ in tags]
    elapsed = loop.time() - started
    assert sorted(f["payload"]["tag"] for f in received) == sorted(tags)
    assert elapsed < 0.3 * len(tags) * 0.6  # far less than running them one after another


def _handler_tasks() -> set[asyncio.Task[Any]]:
    return {
        task
        for task in asyncio.all_tasks()
        if not task.done() and "HandlerSlots" in repr(task.get_coro())
    }


@pytest.mark.parametrize(
    ("ws_path", "consumer"),
    [("/ws/behaviour/", BehaviourConsumer), ("/ws/ordered/", OrderedConsumer)],
    ids=["concurrent", "ordered"],
)
async def test_disconnect_cancels_slow_handlers(
    connect: Connect,
    caplog: pytest.LogCaptureFixture,
    ws_path: str,
    consumer: type[Any],
) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    communicator = await connect(ws_path, consumer)
    slow, queued = _tags("cancel")[:2]
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 5, "tag": slow}})
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.2, "tag": queued}})
    await wait_until(lambda: len(_handler_tasks()) >= 1)

    await communicator.disconnect()

    assert _handler_tasks() == set()
    await asyncio.sleep(0.4)  # longer than the short sleep: it must not finish either
    assert slow not in FINISHED_SLEEPS
    if consumer is OrderedConsumer:
        assert queued not in FINISHED_SLEEPS  # queued behind the slow one, dropped
    assert communicator.output_queue.empty()
    assert communicator.future.done()
    assert communicator.future.exception() is None
    leftovers = [
        task
        for task in asyncio.all_tasks()
        if task is not asyncio.current_task() and not task.done()
    ]
    assert leftovers == []
    assert "Task was destroyed" not in caplog.text
    assert "exception was never retrieved" not in caplog.text


async def test_handlers_finish_normally_when_the_client_waits(connect: Connect) -> None:
    """Control for the cancellation test: the same sleep finishes when not interrupted."""
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    tag = _tags("control")[0]
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.05, "tag": tag}})
    reply = await communicator.receive_json(timeout=2)
    assert reply["payload"]["tag"] == tag
    assert tag in FINISHED_SLEEPS


async def test_server_close_stops_further_frames(connect: Connect) -> None:
    """After the server closes (oversized frame), in-flight replies are not written."""
    from tests.channels.testapp.consumers import SmallFramesConsumer

    communicator = await connect("/ws/small/", SmallFramesConsumer)
    tag = "z" + uuid.uuid4().hex[:6]
    await send_raw(communicator, {"action": "sleep", "payload": {"seconds": 0.2, "tag": tag}})
    await send_raw(communicator, "x" * 200)
    error = await communicator.receive_json()
    assert error["payload"]["code"] == "message_too_large"
    await communicator.assert_closed(1009)
    assert await communicator.receive_nothing(timeout=0.4)


class LateRaw(BaseMessage):
    action: Literal["late_raw"] = "late_raw"
    payload: float


class LateRawConsumer(AsyncJsonWebsocketConsumer):
    """Writes with ``send_json`` after a delay; closes on frames over 64 bytes."""

    max_message_size = 64

    @ws_handler
    async def late_raw(self, message: LateRaw) -> None:
        await asyncio.sleep(message.payload)
        await self.send_json({"action": "late_raw_reply", "payload": None})


LATE_RAW_APP = URLRouter([path("ws/late-raw/", LateRawConsumer.as_asgi())])


async def test_send_json_before_close_is_delivered(connect: Connect) -> None:
    communicator = await connect("/ws/late-raw/", LateRawConsumer, app=LATE_RAW_APP)
    await send_raw(communicator, {"action": "late_raw", "payload": 0})
    assert await communicator.receive_json() == {"action": "late_raw_reply", "payload": None}


async def test_send_json_after_server_close_is_dropped(connect: Connect) -> None:
    communicator = await connect("/ws/late-raw/", LateRawConsumer, app=LATE_RAW_APP)
    await send_raw(communicator, {"action": "late_raw", "payload": 0.2})
    await send_raw(communicator, "x" * 100)
    assert (await communicator.receive_json())["payload"]["code"] == "message_too_large"
    await communicator.assert_closed(1009)
    assert await communicator.receive_all_json(timeout=0.4) == []
