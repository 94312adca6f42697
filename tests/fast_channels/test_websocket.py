"""``chanx.fast_channels``: what the adapter itself adds on top of the shared core.

The consumer behaviour is covered on both integrations by ``tests/behaviour``; these
tests pin the fast-channels specifics: the layer registry, ``run_sync``, mounting
without FastAPI, and the test communicator.
"""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from fast_channels.consumer.websocket import AsyncJsonWebsocketConsumer as FastJsonConsumer
from fast_channels.layers import InMemoryChannelLayer
from fastapi import FastAPI

import chanx.fast_channels
from chanx.core.errors import ChannelLayerNotConfigured
from chanx.core.testing import capture_broadcast_events
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from tests.behaviour.messages import EchoMessage, NotifyEvent, NotifyPayload, TextPayload
from tests.fast_channels.app import in_memory_layer
from tests.fast_channels.conftest import Connect
from tests.fast_channels.consumers import BehaviourConsumer, CompletionConsumer


def _notify(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


class OtherLayerConsumer(BehaviourConsumer):
    channel_layer_alias = "other"


class NoGroupsConsumer(AsyncJsonWebsocketConsumer):
    """No groups, no handlers: runs without any channel layer."""


def test_public_surface() -> None:
    # The package itself exports only the AsyncAPI endpoints (pinned in
    # tests/test_public_api.py); consumers and test helpers live in their modules.
    assert not {"AsyncJsonWebsocketConsumer", "WebsocketCommunicator"} & set(
        chanx.fast_channels.__all__
    )
    assert issubclass(AsyncJsonWebsocketConsumer, FastJsonConsumer)
    assert AsyncJsonWebsocketConsumer.channel_layer_alias == "default"


def test_class_layer_comes_from_the_registry_by_alias(layer: InMemoryChannelLayer) -> None:
    assert BehaviourConsumer.get_class_channel_layer() is layer
    assert OtherLayerConsumer.get_class_channel_layer() is None
    with in_memory_layer("other") as other:
        assert OtherLayerConsumer.get_class_channel_layer() is other
    assert OtherLayerConsumer.get_class_channel_layer() is None


async def test_events_without_a_registered_layer_raise() -> None:
    with pytest.raises(ChannelLayerNotConfigured, match="'default'"):
        await BehaviourConsumer.broadcast_event(_notify("nowhere"))
    with pytest.raises(ChannelLayerNotConfigured):
        await BehaviourConsumer.send_event(_notify("nowhere"), "specific.x")


async def test_connection_uses_the_layer_of_its_alias(app: FastAPI) -> None:
    app.router.add_websocket_route("/ws/other/", OtherLayerConsumer.as_asgi())
    with in_memory_layer("other") as other:
        communicator = WebsocketCommunicator(app, "/ws/other/", consumer=OtherLayerConsumer)
        async with communicator:
            await communicator.send_to(text_data='{"action": "whoami"}')
            name = (await communicator.receive_json())["payload"]["channel_name"]
            assert name in other.groups["lobby"]
            await OtherLayerConsumer.broadcast_event(_notify("other"))
            assert await communicator.receive_json() == {
                "action": "notification",
                "payload": {"text": "other"},
            }
        assert "lobby" not in other.groups


async def test_consumer_without_groups_needs_no_layer() -> None:
    communicator = WebsocketCommunicator(
        NoGroupsConsumer.as_asgi(), "/anywhere", consumer=NoGroupsConsumer
    )
    async with communicator:
        await communicator.send_to(text_data='{"action": "ping"}')
        (error,) = (await communicator.receive_json())["payload"]
        assert error["type"] == "union_tag_invalid"


async def test_groups_without_a_layer_fail_the_connection() -> None:
    communicator = WebsocketCommunicator(
        BehaviourConsumer.as_asgi(), "/ws/", consumer=BehaviourConsumer
    )
    assert await communicator.connect() == (True, None)
    with pytest.raises(ChannelLayerNotConfigured):
        await communicator.receive_output()


async def test_bare_as_asgi_without_fastapi(layer: InMemoryChannelLayer) -> None:
    communicator = WebsocketCommunicator(
        CompletionConsumer.as_asgi(), "/ws/bare/?x=1", consumer=CompletionConsumer
    )
    async with communicator:
        await communicator.send_message(EchoMessage(payload=TextPayload(message="bare")), ref="b")
        assert await communicator.receive_all_messages() == [
            CompletionConsumer.outgoing_message_adapter.validate_python(
                {"action": "echo_reply", "payload": {"message": "bare"}}
            )
        ]


def test_sync_variants_from_plain_sync_code(layer: InMemoryChannelLayer) -> None:
    """No event loop anywhere: ``run_sync`` (asgiref) runs the coroutine on its own."""
    spy = asyncio.run(layer.new_channel())
    BehaviourConsumer.send_event_sync(_notify("sync"), spy)
    message = asyncio.run(layer.receive(spy))
    assert message["event_data"] == {"action": "notify", "payload": {"text": "sync"}}


def test_sync_variants_from_a_plain_thread(layer: InMemoryChannelLayer) -> None:
    spy = asyncio.run(layer.new_channel())
    asyncio.run(layer.group_add("threads", spy))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            BehaviourConsumer.broadcast_event_sync(_notify("thread"), "threads")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert errors == []
    message = asyncio.run(layer.receive(spy))
    assert message["type"] == "handle_channel_event"


async def test_capture_broadcast_events(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    with capture_broadcast_events(BehaviourConsumer) as captured:
        await BehaviourConsumer.broadcast_event(_notify("captured"), "lobby")
    assert [(c.event, c.groups) for c in captured] == [(_notify("captured"), ["lobby"])]
    assert await communicator.receive_nothing(timeout=0.1)


async def test_unknown_route_is_closed_by_starlette(app: FastAPI) -> None:
    """Unlike Django's URLRouter (which raises), Starlette closes unmatched websockets."""
    communicator = WebsocketCommunicator(app, "/ws/nowhere/", consumer=BehaviourConsumer)
    assert await communicator.connect() == (False, 1000)


async def test_sync_variant_from_a_sync_fastapi_endpoint(app: FastAPI, connect: Connect) -> None:
    """A plain ``def`` endpoint runs in Starlette's thread pool; the event still arrives."""

    def notify(text: str) -> dict[str, str]:
        BehaviourConsumer.broadcast_event_sync(_notify(text))
        return {"sent": text}

    app.add_api_route("/notify/{text}", notify, methods=["POST"])
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/notify/from-view")
    assert response.json() == {"sent": "from-view"}
    assert await communicator.receive_json() == {
        "action": "notification",
        "payload": {"text": "from-view"},
    }
