"""One connection must not be able to make the server queue unbounded work.

Frames beyond ``max_concurrent_handlers`` wait in a per-connection backlog. This test
sends 300 frames of about 1 MiB (under the default ``max_message_size``, no rate limit)
to the test consumer's slow ``sleep`` handler and measures the server's resident
memory: the backlog is bounded (chanx.core.concurrency.HandlerSlots), the connection
stops reading once it is full and TCP pushes back on the client, so memory stays
bounded. Before the bound, memory grew by ~320 MiB for this one connection.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.asgi_server import AsgiServer

FRAMES = 300
FRAME_BYTES = 1024 * 1024 - 200
MAX_GROWTH_MIB = 150  # 16 running handlers + a modest bounded backlog fit easily


def rss_mib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")  # pragma: no cover


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_slow_handlers_do_not_let_one_connection_queue_unbounded_frames() -> None:
    with AsgiServer("tests.hostile.app:app", kind="uvicorn") as server:
        assert server.pid is not None
        with connect(f"{server.ws_url}/ws/behaviour/", max_size=None, close_timeout=1) as ws:
            time.sleep(0.3)
            before = rss_mib(server.pid)
            frame = json.dumps(
                {"action": "sleep", "payload": {"seconds": 30, "tag": "x" * FRAME_BYTES}}
            )

            def flood() -> None:
                with contextlib.suppress(ConnectionClosed, OSError):
                    for _ in range(FRAMES):
                        ws.send(frame)

            # A fixed server may push back (stop reading) or close: never block the test.
            sender = threading.Thread(target=flood, daemon=True)
            sender.start()
            sender.join(timeout=20)
            time.sleep(1.0)
            growth = rss_mib(server.pid) - before
        assert server.running
    assert growth < MAX_GROWTH_MIB, f"server memory grew by {growth} MiB for one connection"
