"""Topics over the wire on Django: the sandbox's discussion threads under real daphne.

Several threads on one socket, comments broadcast only to a thread's subscribers (from
the socket and from a REST view with ``broadcast_sync``), refusals, a staff-only topic
action, the one-thread route and unsubscribing.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.e2e.sandbox import Client, Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_inmemory")]

# Threads created by the discussions data migration.
WELCOME, TOPICS, ARCHIVED = 1, 2, 3


@contextmanager
def discussions(
    sandbox: Sandbox, user: str, path: str = "/ws/discussions/"
) -> Generator[Client, None, None]:
    with sandbox.connect(path, token=sandbox.tokens[user]) as client:
        auth = client.recv_json()
        assert auth["payload"]["status_code"] == 200, auth
        yield client


def follow(client: Client, thread_id: int, ref: str | None = None) -> dict[str, Any]:
    """Subscribe to a thread; returns the ``thread_state`` pushed after ``subscribed``."""
    frame: dict[str, Any] = {"action": "subscribe", "topic": f"thread:{thread_id}"}
    if ref is not None:
        frame["ref"] = ref
    client.send_json(frame)
    reply = client.recv_json()
    assert (reply["action"], reply["topic"]) == ("subscribed", f"thread:{thread_id}"), reply
    if ref is not None:
        assert reply["ref"] == ref
    state = client.recv_json()
    assert state["action"] == "thread_state", state
    assert "ref" not in state
    return state


def test_threads_multiplexed_over_one_socket(sandbox: Sandbox) -> None:
    with discussions(sandbox, "alice") as alice, discussions(sandbox, "bob") as bob:
        state = follow(alice, WELCOME, ref="w")
        assert state["payload"]["title"] == "Welcome to chanx"
        follow(alice, TOPICS)
        follow(bob, TOPICS)

        alice.send_json(
            {"action": "post_comment", "topic": f"thread:{TOPICS}", "payload": {"text": "first!"}}
        )
        for client in (alice, bob):
            posted = client.recv_json()
            assert posted["action"] == "comment_posted"
            assert posted["topic"] == f"thread:{TOPICS}"
            assert posted["seq"] == posted["payload"]["id"]
            assert posted["payload"]["author"] == "alice"
            assert posted["payload"]["text"] == "first!"

        alice.send_json(
            {"action": "post_comment", "topic": f"thread:{WELCOME}", "payload": {"text": "hi"}}
        )
        assert alice.recv_json()["topic"] == f"thread:{WELCOME}"
        bob.ping()  # bob does not follow the welcome thread: nothing arrived for him

        # A later subscriber sees the stored comment in the thread state.
        with discussions(sandbox, "carol") as carol:
            texts = [c["text"] for c in follow(carol, TOPICS)["payload"]["comments"]]
            assert texts[-1] == "first!"


def test_rest_comments_reach_live_subscribers(sandbox: Sandbox) -> None:
    with discussions(sandbox, "bob") as bob:
        follow(bob, WELCOME)
        response = sandbox.http.post(
            f"/discussions/{WELCOME}/comments/",
            json={"text": "posted over REST"},
            headers={"Authorization": f"Token {sandbox.tokens['carol']}"},
        )
        assert response.status_code == 201, response.text
        posted = bob.recv_json()
        assert posted["action"] == "comment_posted"
        assert posted["payload"]["author"] == "carol"
        assert posted["seq"] == response.json()["id"]


def test_refusals_and_staff_only_action(sandbox: Sandbox) -> None:
    with discussions(sandbox, "alice") as alice:
        alice.send_json({"action": "subscribe", "topic": "thread:999", "ref": "a"})
        alice.send_json({"action": "subscribe", "topic": "board:1", "ref": "b"})
        alice.send_json(
            {
                "action": "post_comment",
                "topic": f"thread:{TOPICS}",
                "ref": "c",
                "payload": {"text": "x"},
            }
        )
        errors = {frame["ref"]: frame for frame in (alice.recv_json() for _ in range(3))}
        assert errors["a"]["payload"]["reason"] == "unauthorized"
        assert errors["b"]["payload"]["reason"] == "unknown_topic"
        assert errors["c"]["payload"]["reason"] == "not_subscribed"

        follow(alice, ARCHIVED)
        alice.send_json(
            {
                "action": "post_comment",
                "topic": f"thread:{ARCHIVED}",
                "ref": "d",
                "payload": {"text": "x"},
            }
        )
        locked = alice.recv_json()
        assert locked["payload"] == {"detail": "This thread is locked", "code": "thread_locked"}
        assert (locked["topic"], locked["ref"]) == (f"thread:{ARCHIVED}", "d")

        alice.send_json({"action": "lock_thread", "topic": f"thread:{ARCHIVED}", "ref": "e"})
        denied = alice.recv_json()
        assert denied["payload"]["code"] == "permission_denied"
        assert denied["ref"] == "e"

        alice.send_json({"action": "unsubscribe", "topic": f"thread:{ARCHIVED}"})
        assert alice.recv_json()["action"] == "unsubscribed"
        alice.ping()


def test_one_thread_route_subscribes_from_the_url(sandbox: Sandbox) -> None:
    with discussions(sandbox, "carol", f"/ws/discussions/{TOPICS}/") as carol:
        assert carol.recv_json()["action"] == "subscribed"
        assert carol.recv_json()["action"] == "thread_state"
        carol.send_json({"action": "post_comment", "payload": {"text": "no topic key"}})
        posted = carol.recv_json()
        assert (posted["action"], posted["topic"]) == ("comment_posted", f"thread:{TOPICS}")


def test_unknown_thread_route_is_refused_and_closed(sandbox: Sandbox) -> None:
    with discussions(sandbox, "carol", "/ws/discussions/999/") as carol:
        error = carol.recv_json()
        assert error["payload"]["reason"] == "unauthorized"
        assert carol.wait_closed() == 4403
