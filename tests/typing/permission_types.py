"""``permission_classes=`` accepts DRF classes, DRF compositions, ``HasRoles`` and plain objects (mypy --strict)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import IsAdminUser, IsAuthenticated

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.core.permissions import BasePermission, HasRoles
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class AsyncPerm(BasePermission):
    async def has_permission(self, request: Any, view: Any) -> bool:
        return True


class Plain:
    message = "x"

    def has_permission(self, request: Any, view: Any) -> bool:
        return True


class GuardedConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler(
        permission_classes=[
            IsAdminUser,
            IsAuthenticated & IsAdminUser,
            HasRoles("a", "b"),
            AsyncPerm,
            Plain(),
            Plain,
        ]
    )
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()
