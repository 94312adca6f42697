"""REST representations of chats and messages."""

from __future__ import annotations

from rest_framework import serializers

from sandbox_django.chat.models import Chat, ChatMessage


class ChatSerializer(serializers.ModelSerializer[Chat]):
    """A chat with its members' usernames and its websocket path."""

    members = serializers.SlugRelatedField(many=True, read_only=True, slug_field="username")
    websocket = serializers.SerializerMethodField()

    class Meta:
        model = Chat
        fields = ["id", "name", "topic", "members", "websocket"]

    def get_websocket(self, chat: Chat) -> str:
        return f"/ws/chat/{chat.pk}/"


class ChatMessageSerializer(serializers.ModelSerializer[ChatMessage]):
    """A stored message (same fields as the websocket's ``chat_message`` payload)."""

    chat_id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(source="author.username", read_only=True)
    message = serializers.CharField(source="text", max_length=2000)

    class Meta:
        model = ChatMessage
        fields = ["id", "chat_id", "username", "message", "created_at"]
