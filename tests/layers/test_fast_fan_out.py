"""chanx's in-memory layers (both integrations): the fast ``group_send``.

One put per member instead of a task per member, one shared copy of chanx's own
(read-only) layer messages, per-member copies of anything else, drops counted, and
expired messages still swept (at most once per ``SWEEP_INTERVAL``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from chanx.core.memory_layer import SWEEP_INTERVAL

MEMBERS = 20


def _layer(kind: str, **config: Any) -> Any:
    if kind == "django":
        from chanx.channels.layers import InMemoryChannelLayer as DjangoLayer

        return DjangoLayer(**config)
    from chanx.fast_channels.layers import InMemoryChannelLayer as FastLayer

    return FastLayer(**config)


@pytest.fixture(params=["django", "fastapi"])
def kind(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    pytest.importorskip("channels" if name == "django" else "fast_channels")
    return name


async def _members(layer: Any, count: int = MEMBERS) -> list[str]:
    names = [await layer.new_channel() for _ in range(count)]
    for name in names:
        await layer.group_add("crowd", name)
    return names


def _group_message(seq: int) -> dict[str, Any]:
    return {
        "type": "handle_group_message",
        "message": {"action": "note", "payload": {"seq": seq}},
        "exclude_current": False,
        "from_channel": "x",
    }


async def test_every_member_receives_every_message_once_in_order(kind: str) -> None:
    layer = _layer(kind)
    names = await _members(layer)
    for seq in range(5):
        await layer.group_send("crowd", _group_message(seq))
    for name in names:
        seqs = [(await layer.receive(name))["message"]["payload"]["seq"] for _ in range(5)]
        assert seqs == [0, 1, 2, 3, 4]
        assert layer.channels.get(name) is None or layer.channels[name].empty()
    assert layer.chanx_overflow.dropped == 0


async def test_the_sender_cannot_change_a_message_after_sending(kind: str) -> None:
    layer = _layer(kind)
    [name] = await _members(layer, 1)
    message = _group_message(1)
    await layer.group_send("crowd", message)
    message["message"]["payload"]["seq"] = 99
    assert (await layer.receive(name))["message"]["payload"]["seq"] == 1


async def test_foreign_message_types_are_copied_per_member(kind: str) -> None:
    layer = _layer(kind)
    first, second = await _members(layer, 2)
    await layer.group_send("crowd", {"type": "custom.message", "items": [1]})
    received = await layer.receive(first)
    received["items"].append(2)  # a plain Channels consumer may mutate what it gets
    assert (await layer.receive(second))["items"] == [1]


async def test_full_queues_are_counted_per_member(kind: str) -> None:
    layer = _layer(kind, capacity=2)
    names = await _members(layer, 5)
    for seq in range(3):
        await layer.group_send("crowd", _group_message(seq))
    assert layer.chanx_overflow.dropped == len(names)
    assert layer.chanx_overflow.events == 1
    assert [(await layer.receive(names[0]))["message"]["payload"]["seq"] for _ in range(2)] == [
        0,
        1,
    ]


async def test_expired_messages_are_still_swept_and_counted(kind: str) -> None:
    layer = _layer(kind, expiry=0.05)
    names = await _members(layer, 3)
    await layer.group_send("crowd", _group_message(0))
    await asyncio.sleep(SWEEP_INTERVAL + 0.1)
    await layer.group_send("crowd", _group_message(1))  # sweeps the expired ones first
    assert layer.chanx_overflow.expired == len(names)
