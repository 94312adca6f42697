"""HTTP routes of the chat: pages under ``chat/``, REST under ``api/chats/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from sandbox_django.chat import api, views

app_name = "chat"

urlpatterns: list[URLPattern] = [
    path("chat/", views.rooms, name="rooms"),
    path("chat/<int:chat_id>/", views.room, name="room"),
    path("api/chats/", api.ChatList.as_view(), name="api-chats"),
    path("api/chats/<int:chat_id>/messages/", api.ChatMessageList.as_view(), name="api-messages"),
]
