"""Chat models and the posting service."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User

from sandbox_django.chat.models import Chat, ChatMessage, chat_group
from sandbox_django.chat.services import BlankMessageError, message_payload, post_message

pytestmark = pytest.mark.django_db


def test_membership(make_user: Callable[[str], User], make_chat: Callable[..., Chat]) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    chat = make_chat("team", ada)
    assert chat.has_member(ada)
    assert not chat.has_member(bob)
    assert not chat.has_member(AnonymousUser())
    assert list(ada.chats.all()) == [chat]  # type: ignore[attr-defined]


def test_group_name_uses_the_primary_key(make_chat: Callable[..., Chat]) -> None:
    chat = make_chat("team")
    assert chat.group_name == chat_group(chat.pk) == f"chat_{chat.pk}"


def test_post_message_strips_and_stores(
    make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    first = post_message(chat, ada, "  hello  ")
    second = post_message(chat, ada, "again")
    assert first.text == "hello"
    assert list(chat.messages.values_list("text", flat=True)) == ["hello", "again"]  # type: ignore[attr-defined]
    payload = message_payload(second)
    assert payload.model_dump(exclude={"created_at"}) == {
        "id": second.pk,
        "chat_id": chat.pk,
        "username": "ada",
        "message": "again",
    }
    assert payload.created_at == second.created_at


def test_blank_messages_are_refused(
    make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    with pytest.raises(BlankMessageError):
        post_message(chat, ada, " \n ")
    assert not ChatMessage.objects.exists()


def test_deleting_a_chat_deletes_its_messages(
    make_user: Callable[[str], User], make_chat: Callable[..., Chat]
) -> None:
    ada = make_user("ada")
    chat = make_chat("team", ada)
    post_message(chat, ada, "bye")
    chat.delete()
    assert not ChatMessage.objects.exists()
