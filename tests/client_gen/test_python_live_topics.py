"""Generated topic handles against the Django sandbox's discussion threads (live daphne).

The client is generated from the running server's document, whose ``thread`` topic
channels carry ``x-topic``: subscribe, the pushed thread state, a comment broadcast
with ``seq``, topic refusals, a domain error on a topic request, and resubscription
after the server restarts.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from chanx.client import Backoff, ServerError, TopicError
from chanx.client_gen import generate
from tests.client_gen.support import run_mypy_strict
from tests.e2e.sandbox import Sandbox, start_sandbox

pytestmark = pytest.mark.e2e

PACKAGE = "live_discussions_client"
# Threads created by the sandbox's discussions data migration.
WELCOME, TOPICS, ARCHIVED = "1", "2", "3"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    tmp = tmp_path_factory.mktemp("live-topics")
    running = start_sandbox(tmp / "db.sqlite3", usernames=["alice", "bob"])
    try:
        generate(f"{running.server.http_url}/asyncapi/schema/?format=json", tmp / PACKAGE)
        sys.path.insert(0, str(tmp))
        yield running
    finally:
        if str(tmp) in sys.path:
            sys.path.remove(str(tmp))
        for module in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[module]
        running.close()


def client(sandbox: Sandbox, user: str) -> Any:
    module = importlib.import_module(f"{PACKAGE}.discussions.client")
    return module.DiscussionsClient(
        sandbox.server.ws_url,
        headers={"Authorization": f"Token {sandbox.tokens[user]}"},
        origin=sandbox.origin,
        proxy=None,
        backoff=Backoff(initial=0.1, maximum=1.0),
    )


def test_generated_topic_client_passes_mypy_strict(sandbox: Sandbox) -> None:
    module = importlib.import_module(PACKAGE)
    root = Path(module.__file__ or "").parent.parent
    result = run_mypy_strict(root, PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_subscribe_state_broadcast_and_refusals(sandbox: Sandbox) -> None:
    messages = importlib.import_module(f"{PACKAGE}.discussions_topic_thread.messages")
    async with client(sandbox, "alice") as alice, client(sandbox, "bob") as bob:
        states: asyncio.Queue[Any] = asyncio.Queue()
        alice_thread = alice.thread_topic(thread_id=TOPICS)
        alice_thread.on("thread_state", states.put_nowait)
        await alice_thread.subscribe(timeout=10)
        state = await asyncio.wait_for(states.get(), 10)
        assert isinstance(state, messages.ThreadStateMessage)
        assert alice_thread.subscribed

        bob_thread = bob.thread_topic(thread_id=TOPICS)
        comments: asyncio.Queue[Any] = asyncio.Queue()
        bob_thread.on("comment_posted", comments.put_nowait)
        await bob_thread.subscribe(timeout=10)
        await alice_thread.send(
            messages.PostCommentMessage(payload=messages.CommentText(text="first!"))
        )
        posted = await asyncio.wait_for(comments.get(), 10)
        assert isinstance(posted, messages.CommentPostedMessage)
        assert (posted.payload.author, posted.payload.text) == ("alice", "first!")
        assert bob_thread.last_seq == posted.payload.id

        with pytest.raises(TopicError) as unauthorized:
            await alice.thread_topic(thread_id="999").subscribe(timeout=10)
        assert unauthorized.value.reason == "unauthorized"
        with pytest.raises(TopicError) as unknown:
            await alice.topic("board:1").subscribe(timeout=10)
        assert unknown.value.reason == "unknown_topic"

        archived = alice.thread_topic(thread_id=ARCHIVED)
        await archived.subscribe(timeout=10)
        with pytest.raises(ServerError) as locked:
            await archived.request(
                messages.PostCommentMessage(payload=messages.CommentText(text="x")), timeout=10
            )
        assert locked.value.code == "thread_locked"
        await archived.unsubscribe(timeout=10)
        with pytest.raises(TopicError) as not_subscribed:
            await archived.unsubscribe(timeout=10)
        assert not_subscribed.value.reason == "not_subscribed"


async def test_topics_are_resubscribed_after_the_server_restarts(sandbox: Sandbox) -> None:
    async with client(sandbox, "bob") as bob:
        thread = bob.thread_topic(thread_id=WELCOME)
        comments: asyncio.Queue[Any] = asyncio.Queue()
        thread.on("comment_posted", comments.put_nowait)
        await thread.subscribe(timeout=10)
        await asyncio.to_thread(sandbox.server.stop)
        await bob.wait_disconnected(timeout=20)
        assert not thread.subscribed
        await asyncio.to_thread(sandbox.server.start)
        await bob.wait_connected(timeout=60)
        async with asyncio.timeout(20):
            while not thread.subscribed:
                await asyncio.sleep(0.05)
        async with httpx.AsyncClient(base_url=sandbox.server.http_url, trust_env=False) as http:
            response = await http.post(
                f"/discussions/{WELCOME}/comments/",
                json={"text": "after the restart"},
                headers={"Authorization": f"Token {sandbox.tokens['alice']}"},
            )
        assert response.status_code == 201, response.text
        posted = await asyncio.wait_for(comments.get(), 10)
        assert posted.payload.text == "after the restart"
