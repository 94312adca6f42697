"""The Python client runtime (``chanx.client``) through the golden generated client.

The server is :class:`FakeChanxServer`, a real websockets server on a free loopback
port speaking chanx's wire protocol, including topics.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from chanx.client import (
    AuthenticationFailed,
    Backoff,
    ConnectFailed,
    ConnectionLost,
    NotConnected,
    RequestTimeout,
    ServerError,
    TopicError,
)
from chanx.client.backoff import Backoff as BackoffClass
from tests.client_gen.fake_server import FakeChanxServer
from tests.client_gen.golden.python.echo.client import EchoClient
from tests.client_gen.golden.python.notices.client import NoticesClient
from tests.client_gen.golden.python.rooms.client import RoomsClient
from tests.client_gen.golden.python.rooms.messages import (
    PostedMessageCamel,
    PostMessage,
    PostPayloadCamel,
    RejectedMessage,
    TextBody,
)
from tests.client_gen.golden.python.thread_topic.messages import (
    SaidMessage,
    SayMessage,
    SayPayload,
)

FAST = Backoff(initial=0.05, maximum=0.2)


def post(text: str) -> PostMessage:
    return PostMessage(payload=PostPayloadCamel(body=TextBody(text=text)))


def room_client(server: FakeChanxServer, **options: Any) -> RoomsClient:
    options.setdefault("backoff", Backoff(initial=0.05, maximum=0.2))
    return RoomsClient(server.url, room_name="the lobby", proxy=None, **options)


async def test_path_parameters_and_headers_reach_the_server() -> None:
    calls = 0

    async def headers() -> dict[str, str]:
        nonlocal calls
        calls += 1
        return {"Authorization": f"Bearer token-{calls}"}

    async with FakeChanxServer() as server, room_client(server, headers=headers, query={"a": "b"}):
        await server.wait_connections(1)
    assert server.connections[0].path == "/ws/rooms/the%20lobby?a=b"
    assert server.connections[0].headers["authorization"] == "Bearer token-1"


async def test_request_returns_the_reply_carrying_its_ref() -> None:
    async with FakeChanxServer() as server, room_client(server) as client:
        reply = await client.request(post("hello"), timeout=5)
        assert isinstance(reply, PostedMessageCamel)
        assert reply.ref is not None
        sent = server.connections[0].frames[-1]
        assert sent["ref"] == reply.ref
        assert sent["payload"]["body"] == {"kind": "text", "text": "hello"}
        # The unrelated "posted" (ref "other") was not taken as the reply: it is queued.
        other = await client.receive(timeout=5)
        assert isinstance(other, PostedMessageCamel)
        assert other.ref == "other"
        rejected = await client.request(post(""), timeout=5)
        assert isinstance(rejected, RejectedMessage)
        assert rejected.payload.reason == "empty"


async def test_error_frames_raise_server_error() -> None:
    async with FakeChanxServer() as server, room_client(server) as client:
        with pytest.raises(ServerError) as coded:
            await client.request_frame({"action": "crash"}, timeout=5)
        assert coded.value.code == "handler_error"
        assert coded.value.detail == "Failed to process message for crash"
        with pytest.raises(ServerError) as invalid:
            await client.request_frame({"action": "launch"}, timeout=5)
        assert invalid.value.code is None
        assert invalid.value.errors[0]["type"] == "union_tag_invalid"


async def test_handlers_receive_their_action_and_the_rest_is_queued() -> None:
    got: list[PostedMessageCamel] = []
    async with FakeChanxServer() as server, room_client(server) as client:
        remove = client.on("posted", got.append)
        await client.send_message(post("a"))
        async with asyncio.timeout(5):
            while len(got) < 2:
                await asyncio.sleep(0.01)
        assert [m.ref for m in got] == ["other", None]
        remove()
        await client.send_message(post("b"))
        queued = await client.receive(timeout=5)
        assert isinstance(queued, PostedMessageCamel)
        assert len(got) == 2


async def test_async_handlers_and_failing_handlers_do_not_stop_the_reader() -> None:
    seen: list[str] = []

    async def good(message: PostedMessageCamel) -> None:
        seen.append(str(message.ref))

    def bad(message: PostedMessageCamel) -> None:
        raise RuntimeError("handler bug")

    async with FakeChanxServer() as server, room_client(server) as client:
        client.on("posted", bad)
        client.on("posted", good)
        reply = await client.request(post("x"), timeout=5)
        assert reply.ref is not None
        assert seen == ["other"]


async def test_a_handler_may_await_a_request() -> None:
    answers: asyncio.Queue[str] = asyncio.Queue()
    async with FakeChanxServer() as server, room_client(server) as client:

        async def on_rejected(message: RejectedMessage) -> None:
            # The reader keeps reading while this handler waits for its own reply.
            reply = await client.request(post("after rejection"), timeout=5)
            answers.put_nowait(f"{message.payload.reason} -> {reply.action}")

        client.on("rejected", on_rejected)
        await client.send_message(post(""))
        assert await asyncio.wait_for(answers.get(), 5) == "empty -> posted"


async def test_unhandled_messages_beyond_the_inbox_size_drop_the_oldest() -> None:
    async with FakeChanxServer() as server, room_client(server) as client:
        client.handlers.inbox = asyncio.Queue(maxsize=2)
        for text in ("1", "2", "3"):
            await client.request(post(text), timeout=5)  # each also queues a ref="other"
        kept = [await client.receive(timeout=5), await client.receive(timeout=5)]
        assert [(m.ref, m.payload.body.text) for m in kept] == [("other", "2"), ("other", "3")]
        with pytest.raises(RequestTimeout):
            await client.receive(timeout=0.1)


async def test_request_timeout() -> None:
    async with FakeChanxServer() as server, room_client(server) as client:
        with pytest.raises(RequestTimeout):
            await client.request_frame({"action": "silence"}, timeout=0.2)
        assert isinstance(RequestTimeout("x"), TimeoutError)


async def test_pending_request_fails_when_the_connection_drops() -> None:
    async with FakeChanxServer() as server, room_client(server, reconnect=False) as client:
        with pytest.raises(ConnectionLost) as lost:
            await client.request_frame({"action": "kick"}, timeout=5)
        assert lost.value.code == 1011
        await client.wait_disconnected(timeout=5)
        with pytest.raises(NotConnected):
            await client.send_message(post("late"))


async def test_topic_subscribe_send_receive_and_errors() -> None:
    async with FakeChanxServer() as server, room_client(server) as client:
        thread = client.thread_topic(thread_id="7")
        assert thread is client.thread_topic(thread_id="7")
        assert thread.name == "thread:7"
        broadcasts: list[SaidMessage] = []
        thread.on("said", broadcasts.append)
        await thread.subscribe(timeout=5)
        assert server.connections[0].frames[-1]["topic"] == "thread:7"
        reply = await thread.request(SayMessage(payload=SayPayload(text="hi")), timeout=5)
        assert reply.payload.author == "me"
        async with asyncio.timeout(5):
            while not broadcasts:
                await asyncio.sleep(0.01)
        assert broadcasts[0].payload.author == "echo"
        assert thread.last_seq == 1
        await thread.unsubscribe(timeout=5)
        with pytest.raises(TopicError) as not_subscribed:
            await thread.unsubscribe(timeout=5)
        assert not_subscribed.value.reason == "not_subscribed"
        for name, reason in [("404", "unknown_topic"), ("secret", "unauthorized")]:
            with pytest.raises(TopicError) as refused:
                await client.thread_topic(thread_id=name).subscribe(timeout=5)
            assert refused.value.reason == reason
            assert refused.value.detail == f"topic refused: {reason}"


async def test_unrequested_subscribed_frame_marks_the_default_topic() -> None:
    async with FakeChanxServer() as server:
        client = RoomsClient(server.url, room_name="default", proxy=None)
        thread = client.thread_topic(thread_id="default")
        async with client:
            async with asyncio.timeout(5):
                while not thread.subscribed:
                    await asyncio.sleep(0.01)
            reply = await thread.request(SayMessage(payload=SayPayload(text="hey")), timeout=5)
            assert reply.payload.text == "hey"
            with pytest.raises(RequestTimeout):
                await client.receive(timeout=0.1)  # the subscribed frame was not queued


async def test_reconnect_resubscribes_wanted_topics() -> None:
    reconnects: list[int | None] = []

    class Recording(RoomsClient):
        async def on_disconnected(self, code: int | None, reason: str) -> None:
            reconnects.append(code)

    async with FakeChanxServer() as server:
        client = Recording(server.url, room_name="r", proxy=None, backoff=FAST)
        async with client:
            kept = client.thread_topic(thread_id="1")
            dropped = client.thread_topic(thread_id="2")
            await kept.subscribe(timeout=5)
            await dropped.subscribe(timeout=5)
            await dropped.unsubscribe(timeout=5)
            await client.send_frame({"action": "kick"})
            await client.wait_disconnected(timeout=5)
            assert not kept.subscribed
            assert kept.wanted
            await server.wait_connections(2)
            await client.wait_connected(timeout=10)
            async with asyncio.timeout(10):
                while not server.connections[1].frames:
                    await asyncio.sleep(0.01)
            assert [(f["action"], f["topic"]) for f in server.connections[1].frames] == [
                ("subscribe", "thread:1")
            ]
            async with asyncio.timeout(5):
                while not kept.subscribed:
                    await asyncio.sleep(0.01)
            reply = await kept.request(SayMessage(payload=SayPayload(text="again")), timeout=5)
            assert reply.payload.text == "again"
        assert reconnects[0] == 1011
        assert reconnects[-1] == 1000


async def test_reconnect_retries_while_the_server_is_down() -> None:
    async with FakeChanxServer() as server:
        url = server.url
        client = EchoClient(url, proxy=None, backoff=FAST)
        await client.connect()
        assert client.connected
    # The server is gone: the client keeps trying without failing anything.
    await client.wait_disconnected(timeout=5)
    await asyncio.sleep(0.3)
    assert not client.connected
    await client.close()


async def test_first_connection_failure_is_raised() -> None:
    async with FakeChanxServer() as server:
        url = server.url
    with pytest.raises(ConnectFailed, match="cannot connect to ws://"):
        await EchoClient(url, proxy=None).connect()


async def test_authentication_failure_is_raised_on_connect() -> None:
    async with FakeChanxServer(auth_status=401) as server:
        client = NoticesClient(server.url, user_id="1", proxy=None)
        with pytest.raises(AuthenticationFailed) as failed:
            await client.connect()
        assert failed.value.status_code == 401
        assert failed.value.close_code == 4401


async def test_authentication_frame_is_kept_and_not_dispatched() -> None:
    async with FakeChanxServer(auth_status=200) as server:
        async with NoticesClient(server.url, user_id="5", proxy=None) as client:
            assert client.authentication is not None
            assert client.authentication["payload"]["status_code"] == 200
            with pytest.raises(RequestTimeout):
                await client.receive(timeout=0.1)
        assert server.connections[0].path == "/ws/notices/5"


def test_optional_fields_without_default_are_left_out_of_frames() -> None:
    payload = SayPayload(text="x")
    assert payload.model_dump(mode="json", by_alias=True) == {
        "text": "x",
        "reply-to": None,
        "tags": ["general"],
    }
    full = SayPayload.model_validate(
        {"text": "x", "class": "note", "reply-to": 3, "meta": {"a": 1}}
    )
    assert full.class_ == "note"
    assert full.reply_to == 3
    assert json.loads(full.model_dump_json(by_alias=True))["class"] == "note"


def test_backoff_grows_caps_and_resets() -> None:
    backoff = BackoffClass(initial=1, maximum=4, factor=2)
    delays = [backoff.next_delay() for _ in range(5)]
    ceilings = [1, 2, 4, 4, 4]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    backoff.reset()
    assert backoff.next_delay() <= 1
