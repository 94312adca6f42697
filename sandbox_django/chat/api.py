"""REST API of the chat: list chats, list and post messages.

A message posted here is stored, then pushed to the chat's websocket connections with
``ChatConsumer.broadcast_event_sync`` from this (sync) view.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.serializers import BaseSerializer

from sandbox_django.accounts.auth import AUTHENTICATION_CLASSES
from sandbox_django.chat.consumers import ChatConsumer
from sandbox_django.chat.messages import MessagePostedEvent
from sandbox_django.chat.models import Chat, ChatMessage
from sandbox_django.chat.permissions import IsChatMember
from sandbox_django.chat.serializers import ChatMessageSerializer, ChatSerializer
from sandbox_django.chat.services import BlankMessageError, message_payload, post_message

#: How many recent messages ``GET /api/chats/<id>/messages/`` returns.
HISTORY_LENGTH = 50


class ChatList(generics.ListAPIView[Chat]):
    """``GET /api/chats/``: the chats the user is a member of."""

    serializer_class = ChatSerializer
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Chat]:
        return Chat.objects.filter(members=self.request.user).prefetch_related("members")


class ChatMessageList(generics.ListCreateAPIView[ChatMessage]):
    """``GET``/``POST /api/chats/<chat_id>/messages/``: members only (else 403/404)."""

    serializer_class = ChatMessageSerializer
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated, IsChatMember]

    def get_chat(self) -> Chat:
        chat = get_object_or_404(Chat, pk=self.kwargs["chat_id"])
        self.check_object_permissions(self.request, chat)
        return chat

    def get_queryset(self) -> QuerySet[ChatMessage]:
        recent = ChatMessage.objects.filter(chat=self.get_chat()).order_by("-created_at", "-id")
        ids = list(recent.values_list("id", flat=True)[:HISTORY_LENGTH])
        return ChatMessage.objects.filter(id__in=ids).select_related("author")

    def perform_create(self, serializer: BaseSerializer[ChatMessage]) -> None:
        chat = self.get_chat()
        try:
            posted = post_message(chat, self.request.user, serializer.validated_data["text"])
        except BlankMessageError as exc:
            raise ValidationError({"message": [str(exc)]}) from None
        serializer.instance = posted
        event = MessagePostedEvent(payload=message_payload(posted))
        ChatConsumer.broadcast_event_sync(event, chat.group_name)
