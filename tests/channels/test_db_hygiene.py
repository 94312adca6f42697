"""Django's stale-connection cleanup: on connect/disconnect, not on every frame.

Channels runs ``close_old_connections()`` in a worker thread before each message a
consumer handles. chanx skips that thread hop for frames and its own layer messages
(``database_sync_to_async`` already cleans up around ORM calls) unless the consumer
sets ``close_old_connections_per_message``.
"""

from __future__ import annotations

from typing import Any

import channels.consumer
import channels.db
import channels.generic.websocket
import pytest

from tests.channels.helpers import Connect, send_raw
from tests.channels.testapp.consumers import BehaviourConsumer

FRAMES = 5


@pytest.fixture
def cleanups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts Channels' ``aclose_old_connections`` thread hops (still running them)."""
    calls: list[int] = []
    real = channels.db.aclose_old_connections

    async def counting() -> None:
        calls.append(1)
        await real()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counting)
    monkeypatch.setattr(channels.generic.websocket, "aclose_old_connections", counting)
    return calls


async def _ping_pong(communicator: Any) -> None:
    for _ in range(FRAMES):
        await send_raw(communicator, {"action": "ping"})
        assert await communicator.receive_json() == {"action": "pong", "payload": None}


async def test_frames_do_not_run_the_cleanup_but_connect_and_disconnect_do(
    connect: Connect, cleanups: list[int]
) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    after_connect = len(cleanups)
    assert after_connect >= 1
    await _ping_pong(communicator)
    assert len(cleanups) == after_connect
    await communicator.disconnect()
    assert len(cleanups) > after_connect


async def test_per_message_cleanup_can_be_switched_back_on(
    connect: Connect, cleanups: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BehaviourConsumer, "close_old_connections_per_message", True)
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    after_connect = len(cleanups)
    await _ping_pong(communicator)
    assert len(cleanups) == after_connect + FRAMES
