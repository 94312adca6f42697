"""Topics over the wire: the FastAPI sandbox lobby under real uvicorn processes.

In-memory: several rooms and an inbox on one socket, broadcasts only to subscribers,
refusals, and the one-room route. On Redis (two uvicorn processes): a room broadcast
crosses processes, and closing every socket leaves no group membership in Redis.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.e2e.sandbox import Client
from tests.e2e_fastapi.conftest import RedisStack
from tests.e2e_fastapi.sandbox import FastSandbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_fastapi")]


@contextmanager
def lobby(
    sandbox: FastSandbox, token: str, path: str = "/ws/lobby"
) -> Generator[Client, None, None]:
    with sandbox.connect(path, headers={"Authorization": f"Bearer {token}"}) as client:
        auth = client.recv_json()
        assert auth["payload"]["status_code"] == 200, auth
        yield client


def subscribe(client: Client, topic: str, ref: str | None = None) -> list[dict[str, Any]]:
    """Subscribe; the ``subscribed`` reply and, for rooms, the ``room_history`` after it."""
    frame: dict[str, Any] = {"action": "subscribe", "topic": topic}
    if ref is not None:
        frame["ref"] = ref
    client.send_json(frame)
    reply = client.recv_json()
    assert reply["action"] == "subscribed", reply
    assert reply["topic"] == topic
    if topic.startswith("room:"):
        return [reply, client.recv_json()]
    return [reply]


def say(client: Client, topic: str, text: str, ref: str | None = None) -> None:
    frame: dict[str, Any] = {"action": "say", "topic": topic, "payload": {"text": text}}
    if ref is not None:
        frame["ref"] = ref
    client.send_json(frame)


def test_rooms_and_inbox_multiplexed_over_one_socket(sandbox: FastSandbox) -> None:
    with lobby(sandbox, "alice-token") as alice, lobby(sandbox, "bob-token") as bob:
        reply, history = subscribe(alice, "room:tea-e2e", ref="s1")
        assert reply == {
            "topic": "room:tea-e2e",
            "ref": "s1",
            "version": 1,
            "action": "subscribed",
            "payload": None,
        }
        assert history == {
            "topic": "room:tea-e2e",
            "version": 1,
            "action": "room_history",
            "payload": {"room": "tea-e2e", "posts": []},
        }
        subscribe(alice, "room:coffee-e2e")
        subscribe(alice, "user:alice")
        subscribe(bob, "room:tea-e2e")

        say(bob, "room:tea-e2e", "milk first?", ref="b1")
        for client in (alice, bob):
            frame = client.recv_json()
            assert frame["action"] == "room_post"
            assert frame["topic"] == "room:tea-e2e"
            assert frame["seq"] == 0
            assert frame["payload"] == {"room": "tea-e2e", "username": "bob", "text": "milk first?"}
            assert "ref" not in frame  # a broadcast, not the reply to bob's frame

        say(alice, "room:coffee-e2e", "espresso")
        frame = alice.recv_json()
        assert (frame["topic"], frame["payload"]["text"]) == ("room:coffee-e2e", "espresso")
        bob.ping()  # bob is not in the coffee room: nothing arrived before the pong

        response = sandbox.http.post("/lobby/users/alice/notice", json={"text": "your tea"})
        assert response.status_code == 202
        notice = alice.recv_json()
        assert notice == {
            "topic": "user:alice",
            "version": 1,
            "action": "notice",
            "payload": {"text": "your tea"},
        }
        alice.ping()
        bob.ping()


def test_refusals_are_error_frames_and_the_socket_stays_usable(sandbox: FastSandbox) -> None:
    with lobby(sandbox, "bob-token") as bob:
        bob.send_json({"action": "subscribe", "topic": "user:alice", "ref": "x1"})
        bob.send_json({"action": "subscribe", "topic": "weather:today", "ref": "x2"})
        bob.send_json(
            {"action": "say", "topic": "room:nope", "ref": "x3", "payload": {"text": "?"}}
        )
        errors = {frame["ref"]: frame for frame in (bob.recv_json() for _ in range(3))}
        assert errors["x1"]["payload"]["reason"] == "unauthorized"
        assert errors["x2"]["payload"]["reason"] == "unknown_topic"
        assert errors["x3"]["payload"]["reason"] == "not_subscribed"
        assert {frame["action"] for frame in errors.values()} == {"error"}
        assert errors["x1"]["topic"] == "user:alice"
        bob.ping()
        response = sandbox.http.post("/lobby/users/alice/notice", json={"text": "secret"})
        assert response.status_code == 202
        bob.ping()  # bob never receives alice's notice


def test_unsubscribed_rooms_no_longer_deliver(sandbox: FastSandbox) -> None:
    with lobby(sandbox, "alice-token") as alice, lobby(sandbox, "carol-token") as carol:
        subscribe(alice, "room:quiet-e2e")
        subscribe(carol, "room:quiet-e2e")
        alice.send_json({"action": "unsubscribe", "topic": "room:quiet-e2e", "ref": "u"})
        assert alice.recv_json() == {
            "topic": "room:quiet-e2e",
            "ref": "u",
            "version": 1,
            "action": "unsubscribed",
            "payload": None,
        }
        say(carol, "room:quiet-e2e", "anyone?")
        assert carol.recv_json()["action"] == "room_post"
        alice.ping()


def test_one_room_route_subscribes_from_the_url(sandbox: FastSandbox) -> None:
    with lobby(sandbox, "carol-token", "/ws/lobby/attic-e2e") as carol:
        subscribed = carol.recv_json()
        assert (subscribed["action"], subscribed["topic"]) == ("subscribed", "room:attic-e2e")
        assert carol.recv_json()["action"] == "room_history"
        carol.send_json({"action": "say", "payload": {"text": "dusty"}})
        frame = carol.recv_json()
        assert (frame["action"], frame["topic"]) == ("room_post", "room:attic-e2e")


@pytest.mark.redis
def test_room_topics_cross_processes_and_leave_no_groups_in_redis(
    redis_stack: RedisStack, redis_server: Any
) -> None:
    with (
        lobby(redis_stack.first, "alice-token") as alice,
        lobby(redis_stack.second, "bob-token") as bob,
    ):
        subscribe(alice, "room:bridge-e2e")
        subscribe(alice, "room:deck-e2e")
        subscribe(bob, "room:bridge-e2e")
        say(bob, "room:bridge-e2e", "from the second server")
        for client in (alice, bob):
            frame = client.recv_json()
            assert frame["payload"]["text"] == "from the second server"
            assert frame["topic"] == "room:bridge-e2e"
        client = redis_server.client(3)
        try:
            groups = list(client.keys("*group*chanx.topic.room_*-e2e*"))
            assert len(groups) == 2
            assert sorted(int(client.zcard(k)) for k in groups) == [1, 2]
        finally:
            client.close()
    # Both sockets closed: the servers ran on_unsubscribe and left every topic group.
    client = redis_server.client(3)
    try:
        deadline = time.monotonic() + 10
        while True:
            left = [k for k in client.keys("*group*chanx.topic.*") if client.zcard(k)]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert left == []
    finally:
        client.close()
