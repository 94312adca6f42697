"""The channel-layer failure policy of ``chanx.core.groups`` without a real server.

Layer calls that raise become ``ChannelLayerUnavailable`` (cause kept), calls that hang
are cut off after ``DEFAULT_LAYER_TIMEOUT``, cancellation passes through, and inside a
handler a failed ``broadcast_message`` is the usual ``handler_error`` frame.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer

from chanx.channels.testing import WebsocketCommunicator
from chanx.core import groups
from chanx.core.errors import ChannelLayerUnavailable, ChanxError
from chanx.messages.incoming import PingMessage
from tests.behaviour.messages import NotifyEvent, NotifyPayload, ShoutMessage, ShoutPayload
from tests.channels.testapp.asgi import application
from tests.channels.testapp.consumers import BehaviourConsumer

EVENT = NotifyEvent(payload=NotifyPayload(text="x"))


class RefusingLayer:
    async def send(self, channel: str, message: dict[str, Any]) -> None:
        raise ConnectionRefusedError("refused")

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        raise OSError("unreachable")


class HangingLayer:
    async def send(self, channel: str, message: dict[str, Any]) -> None:
        await asyncio.sleep(3600)

    group_send = send


def test_unavailable_is_a_chanx_and_connection_error() -> None:
    assert issubclass(ChannelLayerUnavailable, ChanxError)
    assert issubclass(ChannelLayerUnavailable, ConnectionError)


async def test_failing_layer_calls_raise_unavailable_with_cause() -> None:
    layer: Any = RefusingLayer()
    with pytest.raises(ChannelLayerUnavailable, match="send to 'chan!1'") as sent:
        await groups.send_event(layer, EVENT, "chan!1")
    assert isinstance(sent.value.__cause__, ConnectionRefusedError)
    with pytest.raises(ChannelLayerUnavailable, match="group_send to 'lobby'") as broadcast:
        await groups.broadcast_event(layer, EVENT, ["lobby"])
    assert isinstance(broadcast.value.__cause__, OSError)
    with pytest.raises(ChannelLayerUnavailable):
        await groups.broadcast_message(
            layer, EVENT, ["lobby"], exclude_current=False, from_channel="c"
        )


async def test_hanging_layer_call_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "DEFAULT_LAYER_TIMEOUT", 0.2)
    layer: Any = HangingLayer()
    with pytest.raises(ChannelLayerUnavailable, match=r"timed out after 0\.2 s") as info:
        await asyncio.wait_for(groups.broadcast_event(layer, EVENT, ["lobby"]), 5)
    assert isinstance(info.value.__cause__, TimeoutError)


async def test_cancellation_is_not_converted() -> None:
    layer: Any = HangingLayer()
    task = asyncio.create_task(groups.send_event(layer, EVENT, "chan!1"))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_failed_broadcast_in_a_handler_is_a_handler_error_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refuse(self: Any, group: str, message: dict[str, Any]) -> None:
        raise ConnectionRefusedError("layer down")

    client = WebsocketCommunicator(application, "/ws/behaviour/", consumer=BehaviourConsumer)
    connected, _ = await client.connect()
    assert connected
    try:
        monkeypatch.setattr(InMemoryChannelLayer, "group_send", refuse)
        await client.send_message(ShoutMessage(payload=ShoutPayload(message="hi")))
        frame = await client.receive_json(timeout=5)
        assert frame["action"] == "error"
        assert frame["payload"]["code"] == "handler_error"
        await client.send_message(PingMessage())  # the connection stays usable
        assert (await client.receive_json(timeout=5))["action"] == "pong"
    finally:
        await client.disconnect()
