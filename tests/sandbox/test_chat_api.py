"""The chat's REST API with DRF's APIClient: membership rules and the pushed event."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from chanx.channels.testing import capture_broadcast_events
from sandbox_django.chat.api import HISTORY_LENGTH
from sandbox_django.chat.consumers import ChatConsumer
from sandbox_django.chat.messages import MessagePostedEvent
from sandbox_django.chat.models import Chat, ChatMessage
from sandbox_django.chat.services import post_message

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sandbox_django.urls")]

ApiFactory = Callable[[User | None], APIClient]


def test_chat_list_shows_only_the_users_chats(
    api: ApiFactory, make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    team = make_chat("team", ada, bob)
    make_chat("secret", bob)
    response = api(ada).get("/api/chats/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": team.pk,
            "name": "team",
            "topic": "",
            "members": ["ada", "bob"],
            "websocket": f"/ws/chat/{team.pk}/",
        }
    ]


def test_anonymous_requests_are_refused(api: ApiFactory, make_chat: Callable[..., Chat]) -> None:
    chat = make_chat("team")
    assert api(None).get("/api/chats/").status_code == 401
    assert api(None).get(f"/api/chats/{chat.pk}/messages/").status_code == 401


def test_message_history_is_chronological_and_bounded(
    api: ApiFactory, make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    for number in range(HISTORY_LENGTH + 5):
        post_message(chat, ada, f"message {number}")
    response = api(ada).get(f"/api/chats/{chat.pk}/messages/")
    assert response.status_code == 200
    texts = [item["message"] for item in response.json()]
    assert texts == [f"message {n}" for n in range(5, HISTORY_LENGTH + 5)]
    assert set(response.json()[0]) == {"id", "chat_id", "username", "message", "created_at"}


def test_non_members_get_403_and_unknown_chats_404(
    api: ApiFactory, make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada, eve = make_user("ada"), make_user("eve")
    chat = make_chat("team", ada)
    url = f"/api/chats/{chat.pk}/messages/"
    denied = api(eve).get(url)
    assert denied.status_code == 403
    assert denied.json() == {"detail": "You are not a member of this chat."}
    assert api(eve).post(url, {"message": "let me in"}, format="json").status_code == 403
    assert api(ada).get(f"/api/chats/{chat.pk + 100}/messages/").status_code == 404
    assert not ChatMessage.objects.exists()


def test_posting_stores_and_broadcasts_an_event(
    api: ApiFactory, make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    with capture_broadcast_events(ChatConsumer) as captured:
        response = api(ada).post(
            f"/api/chats/{chat.pk}/messages/", {"message": "  over REST "}, format="json"
        )
    assert response.status_code == 201
    stored = ChatMessage.objects.get()
    assert (stored.text, stored.author, stored.chat) == ("over REST", ada, chat)
    assert response.json()["id"] == stored.pk
    assert response.json()["message"] == "over REST"
    [record] = captured
    assert isinstance(record.event, MessagePostedEvent)
    assert record.event.payload.id == stored.pk
    assert list(record.groups) == [chat.group_name]


@pytest.mark.parametrize("body", [{"message": "   "}, {"message": "x" * 2001}, {}])
def test_invalid_posts_are_400_and_send_nothing(
    api: ApiFactory,
    make_user: Callable[[str], User],
    make_chat: Callable[..., Chat],
    body: dict[str, str],
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    with capture_broadcast_events(ChatConsumer) as captured:
        response = api(ada).post(f"/api/chats/{chat.pk}/messages/", body, format="json")
    assert response.status_code == 400
    assert "message" in response.json()
    assert captured == []
    assert not ChatMessage.objects.exists()
