"""``chanx.channels.testing``: communicators, ``WebsocketTestCase`` and event capture."""

from __future__ import annotations

import asyncio

import pytest
from django.contrib.auth import get_user_model
from pydantic import ValidationError
from rest_framework.authtoken.models import Token

from chanx.channels.testing import (
    CapturedEvent,
    DjangoWebsocketCommunicator,
    WebsocketTestCase,
    capture_broadcast_events,
)
from chanx.core import testing as core_testing
from tests.behaviour.messages import EchoMessage, EchoReply, NotifyEvent, NotifyPayload, TextPayload
from tests.channels.helpers import Connect, assert_silent, frames, send_raw
from tests.channels.testapp import consumers
from tests.channels.testapp.consumers import (
    AuthenticatedConsumer,
    BehaviourConsumer,
    CompletionConsumer,
    ExtrasConsumer,
)


def _notify(text: str) -> NotifyEvent:
    return NotifyEvent(payload=NotifyPayload(text=text))


# --------------------------------------------------------------------------- communicator helpers


async def test_receive_all_messages_validates_against_the_outgoing_union(connect: Connect) -> None:
    communicator = await connect("/ws/extras/", ExtrasConsumer)
    await send_raw(communicator, {"action": "raw_frame"})  # the handler bypasses send_message
    with pytest.raises(ValidationError) as excinfo:
        await communicator.receive_all_messages()
    assert excinfo.value.errors()[0]["type"] == "union_tag_invalid"


async def test_receive_all_messages_returns_typed_messages(connect: Connect) -> None:
    communicator = await connect("/ws/completion/", CompletionConsumer)
    await communicator.send_message(EchoMessage(payload=TextPayload(message="a")))
    await send_raw(communicator, {"action": "two_replies"})
    first = await communicator.receive_all_messages()
    second = await communicator.receive_all_messages()
    assert first == [EchoReply(payload=TextPayload(message="a"))]
    assert second == [
        EchoReply(payload=TextPayload(message="one")),
        EchoReply(payload=TextPayload(message="two")),
    ]


async def test_receive_all_json_collects_until_quiet(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    await send_raw(communicator, {"action": "two_replies"})
    await send_raw(communicator, {"action": "ping"})
    received = await communicator.receive_all_json(timeout=0.2)
    assert sorted(f["action"] for f in received) == ["echo_reply", "echo_reply", "pong"]
    assert await communicator.receive_all_json(timeout=0.05) == []


async def test_send_message_adds_topic_and_ref(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    await communicator.send_message(
        EchoMessage(payload=TextPayload(message="t")), topic="room:1", ref="r"
    )
    assert await communicator.receive_json() == {
        "action": "echo_reply",
        "payload": {"message": "t"},
        "ref": "r",
        "version": 1,
    }


async def test_assert_closed_checks_the_code(connect: Connect) -> None:
    communicator = await connect("/ws/small/", consumers.SmallFramesConsumer)
    await send_raw(communicator, "z" * 100)
    await communicator.receive_json()
    with pytest.raises(AssertionError, match="1009"):
        await communicator.assert_closed(4000)


async def test_assert_closed_fails_on_a_data_frame(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    await send_raw(communicator, {"action": "ping"})
    with pytest.raises(AssertionError, match="close"):
        await communicator.assert_closed()


async def test_async_context_manager_connects_and_disconnects() -> None:
    from tests.channels.testapp.asgi import application

    communicator = DjangoWebsocketCommunicator(
        application, "/ws/behaviour/", consumer=BehaviourConsumer
    )
    async with communicator as opened:
        assert opened is communicator
        await send_raw(communicator, {"action": "ping"})
        assert await communicator.receive_json() == {"action": "pong", "payload": None}
    assert communicator.future.done()
    assert communicator.future.exception() is None


# --------------------------------------------------------------------------- capture_broadcast_events


async def test_capture_records_and_suppresses(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    with capture_broadcast_events(BehaviourConsumer) as captured:
        await BehaviourConsumer.broadcast_event(_notify("default groups"))
        await BehaviourConsumer.broadcast_event(_notify("one group"), "team")
        await BehaviourConsumer.broadcast_event(_notify("two groups"), ["a", "b", "a"])
        await asyncio.to_thread(BehaviourConsumer.broadcast_event_sync, _notify("sync"))
        await assert_silent(communicator)
    assert captured == [
        CapturedEvent(_notify("default groups"), ["lobby"]),
        CapturedEvent(_notify("one group"), ["team"]),
        CapturedEvent(_notify("two groups"), ["a", "b"]),
        CapturedEvent(_notify("sync"), ["lobby"]),
    ]


async def test_capture_without_suppress_also_delivers(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    with capture_broadcast_events(BehaviourConsumer, suppress=False) as captured:
        await BehaviourConsumer.broadcast_event(_notify("delivered"))
        assert await frames(communicator) == [
            {"action": "notification", "payload": {"text": "delivered"}}
        ]
    assert captured == [CapturedEvent(_notify("delivered"), ["lobby"])]


async def test_capture_restores_delivery_afterwards(connect: Connect) -> None:
    communicator = await connect("/ws/behaviour/", BehaviourConsumer)
    original = BehaviourConsumer.broadcast_event
    with capture_broadcast_events(BehaviourConsumer):
        assert BehaviourConsumer.broadcast_event != original
    assert "broadcast_event" not in vars(BehaviourConsumer)
    await BehaviourConsumer.broadcast_event(_notify("after"))
    assert await frames(communicator) == [{"action": "notification", "payload": {"text": "after"}}]


async def test_capture_restores_even_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), capture_broadcast_events(BehaviourConsumer):
        raise RuntimeError("boom")
    assert "broadcast_event" not in vars(BehaviourConsumer)


def test_channels_testing_reexports_core_helpers() -> None:
    assert capture_broadcast_events is core_testing.capture_broadcast_events
    assert CapturedEvent is core_testing.CapturedEvent


# --------------------------------------------------------------------------- WebsocketTestCase


class AuthTestCase(WebsocketTestCase):
    ws_path = "/ws/auth/"
    consumer = AuthenticatedConsumer

    def setUp(self) -> None:
        super().setUp()
        user = get_user_model().objects.create_user(username="grace", password="pw-123456")
        self.token = Token.objects.create(user=user)

    def get_ws_headers(self) -> list[tuple[bytes, bytes]]:
        return [(b"authorization", f"Token {self.token.key}".encode())]

    async def test_auth_communicator_uses_the_headers(self) -> None:
        communicator = self.auth_communicator
        assert communicator is self.auth_communicator
        assert isinstance(communicator, DjangoWebsocketCommunicator)
        assert communicator.consumer is AuthenticatedConsumer
        connected, _ = await communicator.connect()
        assert connected
        await communicator.assert_authenticated_status_ok()
        await send_raw(communicator, {"action": "ping"})
        assert await communicator.receive_json() == {"action": "pong", "payload": None}
        await communicator.disconnect()

    async def test_create_communicator_overrides(self) -> None:
        anonymous = self.create_communicator(headers=[])
        connected, _ = await anonymous.connect()
        assert connected
        auth = await anonymous.wait_for_auth()
        assert auth.payload.status_code == 403
        await anonymous.assert_closed(4403)
        await anonymous.disconnect()

        other = self.create_communicator(ws_path="/ws/behaviour/")
        assert other is not self.auth_communicator
        assert other.scope["path"] == "/ws/behaviour/"
        assert (b"authorization", f"Token {self.token.key}".encode()) in other.scope["headers"]
        async with other:
            await send_raw(other, {"action": "ping"})
            assert (await other.receive_json())["action"] == "pong"


class TearDownTestCase(WebsocketTestCase):
    ws_path = "/ws/extras/"
    consumer = ExtrasConsumer

    async def test_teardown_disconnects_open_communicators(self) -> None:
        self.names: list[str] = []
        for _ in range(2):
            communicator = self.create_communicator()
            connected, _ = await communicator.connect()
            assert connected
            await send_raw(communicator, {"action": "whoami"})
            self.names.append((await communicator.receive_json())["payload"]["channel_name"])

    def tearDown(self) -> None:
        super().tearDown()
        names: list[str] = getattr(self, "names", [])
        assert names
        assert set(names) <= set(consumers.DISCONNECTED)
