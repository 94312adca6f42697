"""Who may use a chat: its members."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from sandbox_django.chat.models import Chat


class IsChatMember(BasePermission):
    """Object permission: the user is a member of the chat (else 403)."""

    message = "You are not a member of this chat."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return isinstance(obj, Chat) and obj.has_member(request.user)
