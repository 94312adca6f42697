"""``ws/chat/<chat_id>/`` through the sandbox's real ASGI stack (in-process)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from sandbox_django.chat.consumers import ChatConsumer
from sandbox_django.chat.models import Chat, ChatMessage
from tests.sandbox.conftest import token_headers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("sandbox_django.urls")]

OK = {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}}


@pytest.fixture
async def team(make_user: Callable[[str], User], make_chat: Callable[..., Chat]) -> Any:
    def build() -> tuple[Chat, Chat, User, User, User]:
        ada, bob, eve = make_user("ada"), make_user("bob"), make_user("eve")
        return make_chat("team", ada, bob), make_chat("other", eve), ada, bob, eve

    return await sync_to_async(build)()


async def member(connect: Callable[..., Any], chat: Chat, user: User) -> Any:
    headers = await sync_to_async(token_headers)(user)
    communicator = await connect(f"/ws/chat/{chat.pk}/", ChatConsumer, headers)
    assert (await communicator.receive_json())["payload"] == OK
    return communicator


@pytest.mark.parametrize(
    ("who", "which", "status", "detail"),
    [
        (None, "team", 401, "Authentication credentials were not provided."),
        ("eve", "team", 403, "You are not a member of this chat."),
        ("ada", "missing", 404, "No Chat matches the given query."),
    ],
    ids=["anonymous", "non-member", "unknown-chat"],
)
async def test_handshake_refusals(
    connect: Callable[..., Any], team: Any, who: str | None, which: str, status: int, detail: str
) -> None:
    chat, _, ada, _, eve = team
    user = {"ada": ada, "eve": eve}.get(who or "")
    headers = await sync_to_async(token_headers)(user) if user is not None else []
    chat_id = chat.pk if which == "team" else chat.pk + 100
    communicator = await connect(f"/ws/chat/{chat_id}/", ChatConsumer, headers)
    frame = await communicator.receive_json()
    assert frame["action"] == "authentication"
    assert frame["payload"]["status_code"] == status
    assert frame["payload"]["data"] == {"detail": detail}
    await communicator.assert_closed(4000 + status)


async def test_socket_messages_are_stored_and_reach_members_only(
    connect: Callable[..., Any], team: Any
) -> None:
    chat, other, ada, bob, eve = team
    ada_ws = await member(connect, chat, ada)
    bob_ws = await member(connect, chat, bob)
    eve_ws = await member(connect, other, eve)
    await ada_ws.send_json_to({"action": "chat", "payload": {"message": " hi team "}, "ref": "r1"})
    sent = await ada_ws.receive_json()
    received = await bob_ws.receive_json()
    stored = await ChatMessage.objects.select_related("author", "chat").aget()
    assert (stored.text, stored.author.username, stored.chat.pk) == ("hi team", "ada", chat.pk)
    assert received["action"] == "chat_message"
    assert received["payload"]["id"] == stored.pk
    assert received["payload"]["username"] == "ada"
    assert received["payload"]["message"] == "hi team"
    assert sent == received  # a group broadcast: the sender gets the same frame
    assert await eve_ws.receive_nothing(0.2)


async def test_blank_message_is_a_domain_error(connect: Callable[..., Any], team: Any) -> None:
    chat, _, ada, bob, _ = team
    ada_ws = await member(connect, chat, ada)
    bob_ws = await member(connect, chat, bob)
    await ada_ws.send_json_to({"action": "chat", "payload": {"message": "   "}})
    assert await ada_ws.receive_json() == {
        "action": "error",
        "payload": {"detail": "Chat messages must not be blank", "code": "empty_message"},
    }
    assert await bob_ws.receive_nothing(0.2)
    assert not await ChatMessage.objects.aexists()


async def test_rest_post_is_pushed_to_connected_members(
    connect: Callable[..., Any], team: Any
) -> None:
    chat, other, ada, bob, eve = team
    bob_ws = await member(connect, chat, bob)
    eve_ws = await member(connect, other, eve)

    def post() -> Any:
        client = APIClient()
        client.force_authenticate(ada)
        return client.post(f"/api/chats/{chat.pk}/messages/", {"message": "via REST"})

    response = await sync_to_async(post)()
    assert response.status_code == 201
    frame = await bob_ws.receive_json()
    assert frame["action"] == "chat_message"
    pushed, stored = dict(frame["payload"]), dict(response.json())
    # Same instant; DRF renders it in TIME_ZONE, pydantic in UTC.
    pushed_at, stored_at = pushed.pop("created_at"), stored.pop("created_at")
    assert datetime.fromisoformat(pushed_at) == datetime.fromisoformat(stored_at)
    assert pushed == stored
    assert await eve_ws.receive_nothing(0.2)
