"""``chanx.core.resilience``: the outage-tolerant layer receive, without a server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from chanx.core.errors import ChannelLayerUnavailable
from chanx.core.resilience import Backoff, ResilientReceive, transient_layer_errors

MESSAGE = {"type": "handle_channel_event", "event_data": {}}


class Script:
    """A layer receive that raises the scripted errors, then returns ``MESSAGE``."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return MESSAGE


class Recover:
    def __init__(self, groups: int, failures: int = 0) -> None:
        self.groups = groups
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> int:
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError("still down")
        return self.groups


def _receiver(receive: Any, recover: Any, sleeps: list[float]) -> ResilientReceive:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def log() -> structlog.stdlib.BoundLogger:
        logger: structlog.stdlib.BoundLogger = structlog.get_logger("chanx")
        return logger

    return ResilientReceive(receive, recover, log, sleep=sleep)


def test_transient_errors_include_redis_and_builtin_connection_errors() -> None:
    redis_exceptions = pytest.importorskip("redis.exceptions")

    errors = transient_layer_errors()
    for error in (
        redis_exceptions.ConnectionError("x"),
        redis_exceptions.TimeoutError("x"),
        redis_exceptions.BusyLoadingError("x"),
        ConnectionResetError(),
        TimeoutError(),
        ChannelLayerUnavailable("x"),
    ):
        assert isinstance(error, errors)
    assert not isinstance(ValueError(), errors)


def test_backoff_grows_is_capped_and_jittered() -> None:
    backoff = Backoff(initial=0.1, maximum=5.0, factor=2.0, jitter=0.5)
    for attempt, base in [(1, 0.1), (2, 0.2), (3, 0.4), (10, 5.0), (100, 5.0)]:
        delays = {backoff.delay(attempt) for _ in range(50)}
        assert all(base * 0.5 <= d <= base for d in delays)
        assert len(delays) > 1  # jitter spreads reconnecting connections


async def test_outage_is_logged_once_and_groups_rejoined() -> None:
    receive = Script(*(ConnectionRefusedError("down") for _ in range(3)))
    recover = Recover(groups=2, failures=4)
    sleeps: list[float] = []
    receiver = _receiver(receive, recover, sleeps)
    with capture_logs() as logs:
        assert await receiver() == MESSAGE
    events = [e["event"] for e in logs]
    # Each failed receive rides out until recover gets through (recover fails 4 times in the first outage).
    assert events.count("chanx.layer.receive_failed") == 3
    assert recover.calls == 4 + 3
    assert receive.calls == 4
    assert receiver.outages == 3
    assert not receiver.down
    assert events.count("chanx.layer.recovered") == 3
    assert logs[0]["error"] == "ConnectionRefusedError"
    assert len(sleeps) == 7
    assert max(sleeps) <= Backoff().maximum


async def test_without_groups_recovery_is_confirmed_by_the_next_message() -> None:
    receive = Script(*(ConnectionRefusedError("down") for _ in range(5)))
    sleeps: list[float] = []
    receiver = _receiver(receive, Recover(groups=0), sleeps)
    with capture_logs() as logs:
        assert await receiver() == MESSAGE
    events = [e["event"] for e in logs]
    assert events == ["chanx.layer.receive_failed", "chanx.layer.recovered"]
    assert logs[1]["via"] == "message"
    # The backoff keeps growing across the failing receives of one outage.
    assert len(sleeps) == 5
    assert sleeps[-1] > sleeps[0]
    assert receiver.outages == 1


async def test_other_errors_propagate() -> None:
    receiver = _receiver(Script(KeyError("bug")), Recover(groups=1), [])
    with pytest.raises(KeyError):
        await receiver()


async def test_cancellation_passes_through_the_backoff() -> None:
    async def down() -> dict[str, Any]:
        raise ConnectionRefusedError("down")

    receiver = ResilientReceive(down, Recover(groups=0), lambda: structlog.get_logger("chanx"))
    with capture_logs():
        task = asyncio.create_task(receiver())
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
