"""Posting a message: one function for the websocket and the REST API."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from sandbox_django.chat.messages import PostedMessagePayload
from sandbox_django.chat.models import Chat, ChatMessage


class BlankMessageError(ValueError):
    """The text is empty once surrounding whitespace is removed."""


def post_message(chat: Chat, author: AbstractBaseUser, text: str) -> ChatMessage:
    """Store ``text`` (stripped; blank text raises :class:`BlankMessageError`)."""
    text = text.strip()
    if not text:
        raise BlankMessageError("Chat messages must not be blank")
    return ChatMessage.objects.create(chat=chat, author=author, text=text)


def message_payload(message: ChatMessage) -> PostedMessagePayload:
    """The wire form of a stored message."""
    return PostedMessagePayload(
        id=message.pk,
        chat_id=message.chat_id,
        username=message.author.get_username(),
        message=message.text,
        created_at=message.created_at,
    )
