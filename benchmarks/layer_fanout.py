"""Layer-level fan-out: cost per delivery of chanx's in-memory layer vs Channels' own.

``python -m benchmarks.layer_fanout``: 500 channels in one group, 40 ``group_send``s,
each member draining its queue; process CPU time per delivery, no server involved.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.app.settings")

import django

django.setup()

from channels.layers import InMemoryChannelLayer as ChannelsLayer  # noqa: E402

from chanx.channels.layers import InMemoryChannelLayer as ChanxLayer  # noqa: E402

MEMBERS = 500
ROUNDS = 40
MESSAGE = {
    "type": "handle_group_message",
    "message": {"action": "broadcast_out", "payload": {"seq": 1, "note": "x" * 40}},
    "exclude_current": False,
    "from_channel": "sender",
}


async def per_delivery_us(layer_class: type) -> float:
    """Process CPU microseconds per delivered message."""
    layer = layer_class(capacity=1000)
    names = [await layer.new_channel() for _ in range(MEMBERS)]
    for name in names:
        await layer.group_add("bench", name)
    started = time.process_time()
    for _ in range(ROUNDS):
        await layer.group_send("bench", MESSAGE)
        for name in names:
            await layer.receive(name)
    return (time.process_time() - started) / (ROUNDS * MEMBERS) * 1e6


async def main() -> None:
    for _ in range(2):
        chanx = await per_delivery_us(ChanxLayer)
        channels = await per_delivery_us(ChannelsLayer)
        print(
            f"{MEMBERS} members x {ROUNDS} group_sends: chanx layer {chanx:.1f} us/delivery, "
            f"Channels' layer {channels:.1f} us/delivery ({channels / chanx:.1f}x)"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
