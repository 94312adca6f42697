"""``HandlerSlots``: bounded concurrency, ordering and cancellation on close."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from structlog.testing import capture_logs

from chanx.core.concurrency import HandlerSlots

Job = Callable[[], Awaitable[None]]


class Tracker:
    """Records starts, finishes, cancellations and the peak number of running jobs."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.finished: list[int] = []
        self.cancelled: list[int] = []
        self.running = 0
        self.peak = 0

    def job(self, index: int, seconds: float) -> Job:
        async def run() -> None:
            self.started.append(index)
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:
                self.cancelled.append(index)
                raise
            finally:
                self.running -= 1
            self.finished.append(index)

        return run


async def _drain(slots: HandlerSlots, timeout: float = 5) -> None:
    async with asyncio.timeout(timeout):
        while slots.in_flight or slots.pending:
            await asyncio.sleep(0.005)


def _other_tasks(before: set[asyncio.Task[object]]) -> set[asyncio.Task[object]]:
    return {t for t in asyncio.all_tasks() if t not in before and not t.done()}


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_must_be_positive(limit: int) -> None:
    with pytest.raises(ValueError):
        HandlerSlots(limit)


async def test_limit_one_runs_in_submission_order() -> None:
    tracker = Tracker()
    slots = HandlerSlots(1)
    durations = [0.05, 0.0, 0.03, 0.0, 0.01, 0.02]
    for index, seconds in enumerate(durations):
        slots.submit(tracker.job(index, seconds))
    await _drain(slots)
    assert tracker.started == list(range(len(durations)))
    assert tracker.finished == list(range(len(durations)))
    assert tracker.peak == 1


async def test_limit_one_starts_next_job_only_after_previous_finished() -> None:
    events: list[str] = []
    slots = HandlerSlots(1)

    def job(name: str, seconds: float) -> Job:
        async def run() -> None:
            events.append(f"start {name}")
            await asyncio.sleep(seconds)
            events.append(f"end {name}")

        return run

    slots.submit(job("a", 0.02))
    slots.submit(job("b", 0.0))
    await _drain(slots)
    assert events == ["start a", "end a", "start b", "end b"]


@pytest.mark.parametrize("limit", [2, 3, 5])
async def test_at_most_limit_jobs_in_flight(limit: int) -> None:
    tracker = Tracker()
    slots = HandlerSlots(limit)
    for index in range(limit * 3):
        slots.submit(tracker.job(index, 0.01 * (index % 3)))
        assert slots.in_flight <= limit
    await _drain(slots)
    assert tracker.peak == limit
    assert sorted(tracker.finished) == list(range(limit * 3))


async def test_concurrent_jobs_finish_by_duration() -> None:
    tracker = Tracker()
    slots = HandlerSlots(16)
    for index, seconds in enumerate([0.06, 0.0, 0.03]):
        slots.submit(tracker.job(index, seconds))
    await _drain(slots)
    assert tracker.finished == [1, 2, 0]


async def test_idle_slots_hold_no_task() -> None:
    before = set(asyncio.all_tasks())
    slots = HandlerSlots(4)
    slots.submit(Tracker().job(0, 0))
    assert slots.in_flight == 1
    await _drain(slots)
    assert slots.in_flight == 0
    assert _other_tasks(before) == set()


async def test_close_cancels_running_drops_queued_and_awaits() -> None:
    before = set(asyncio.all_tasks())
    tracker = Tracker()
    slots = HandlerSlots(2)
    for index in range(5):
        slots.submit(tracker.job(index, 10))
    await asyncio.sleep(0.01)
    assert tracker.started == [0, 1]
    assert slots.pending == 3

    async with asyncio.timeout(2):
        await slots.close()

    assert sorted(tracker.cancelled) == [0, 1]
    assert tracker.started == [0, 1]
    assert tracker.finished == []
    assert (slots.in_flight, slots.pending) == (0, 0)
    assert _other_tasks(before) == set()


async def test_close_waits_for_cleanup_of_cancelled_jobs() -> None:
    cleaned: list[str] = []

    async def job() -> None:
        try:
            await asyncio.sleep(10)
        finally:
            await asyncio.sleep(0.01)  # async cleanup still runs before close returns
            cleaned.append("done")

    slots = HandlerSlots(1)
    slots.submit(job)
    await asyncio.sleep(0)
    await slots.close()
    assert cleaned == ["done"]


async def test_submit_after_close_is_ignored() -> None:
    tracker = Tracker()
    slots = HandlerSlots(2)
    await slots.close()
    slots.submit(tracker.job(0, 0))
    await asyncio.sleep(0.01)
    assert tracker.started == []
    assert (slots.in_flight, slots.pending) == (0, 0)


async def test_close_with_nothing_running_returns() -> None:
    slots = HandlerSlots(3)
    async with asyncio.timeout(1):
        await slots.close()


@pytest.mark.parametrize("limit", [1, 4])
async def test_job_exception_does_not_stop_other_jobs(limit: int) -> None:
    tracker = Tracker()
    slots = HandlerSlots(limit)

    async def explode() -> None:
        raise RuntimeError("job failed")

    with capture_logs() as logs:
        slots.submit(tracker.job(0, 0.01))
        slots.submit(explode)
        slots.submit(tracker.job(2, 0.0))
        slots.submit(explode)
        slots.submit(tracker.job(4, 0.02))
        await _drain(slots)

    assert sorted(tracker.finished) == [0, 2, 4]
    crashed = [entry for entry in logs if entry["event"] == "chanx.job.crashed"]
    assert len(crashed) == 2
    assert slots.in_flight == 0


async def test_backlog_is_bounded_and_waiters_resume_in_order() -> None:

    release = asyncio.Event()
    done: list[int] = []

    def job(n: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await release.wait()
            done.append(n)

        return run

    slots = HandlerSlots(1, max_pending=2)
    slots.submit(job(0))
    await asyncio.sleep(0)  # the worker takes job 0
    slots.submit(job(1))
    slots.submit(job(2))
    assert slots.full
    waiter = asyncio.ensure_future(slots.wait_for_room())
    await asyncio.sleep(0.01)
    assert not waiter.done()  # blocked while the backlog is full
    release.set()
    await asyncio.wait_for(waiter, timeout=1)
    slots.submit(job(3))
    for _ in range(50):
        if len(done) == 4:
            break
        await asyncio.sleep(0.01)
    assert done == [0, 1, 2, 3]
    await slots.close()


async def test_close_releases_backlog_waiters() -> None:

    never = asyncio.Event()

    async def stuck() -> None:
        await never.wait()

    slots = HandlerSlots(1, max_pending=1)
    slots.submit(stuck)
    await asyncio.sleep(0)
    slots.submit(stuck)
    waiter = asyncio.ensure_future(slots.wait_for_room())
    await asyncio.sleep(0.01)
    await slots.close()
    await asyncio.wait_for(waiter, timeout=1)
