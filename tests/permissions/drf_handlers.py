"""Django-only handlers guarded by real DRF permission classes (see ``test_drf.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAdminUser, IsAuthenticated
from rest_framework.request import Request

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.core.decorators import ws_handler
from chanx.core.permissions import HasRoles
from tests.permissions.handlers import RAN
from tests.permissions.messages import (
    ComposedMessage,
    DoneMessage,
    DrfAdminMessage,
    RaisesDeniedMessage,
    StaffGroupMessage,
    TokenOnlyMessage,
)


class TokenUserAuthenticator(DjangoAuthenticator):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]


class HasDrfToken(BasePermission):
    """Passes only with the handshake's DRF ``Request`` authenticated by a token."""

    message = "A token-authenticated DRF request is required"

    def has_permission(self, request: Any, view: Any) -> bool:
        return isinstance(request, Request) and request.auth is not None


class RefusesWithException(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        raise PermissionDenied("Not today")


class DrfPermissionHandlers:
    authenticator_class = TokenUserAuthenticator
    send_authentication_message = False
    send_completion = True

    @ws_handler(permission_classes=[IsAdminUser])
    async def drf_admin(self, message: DrfAdminMessage) -> DoneMessage:
        RAN.append("drf_admin")
        return DoneMessage(payload="drf_admin")

    @ws_handler(permission_classes=[HasDrfToken])
    async def token_only(self, message: TokenOnlyMessage) -> DoneMessage:
        RAN.append("token_only")
        return DoneMessage(payload="token_only")

    @ws_handler(permission_classes=[HasRoles("staff")])
    async def staff_group(self, message: StaffGroupMessage) -> DoneMessage:
        """Roles from Django groups: a database query, so it must run off the loop."""
        RAN.append("staff_group")
        return DoneMessage(payload="staff_group")

    @ws_handler(permission_classes=[IsAuthenticated & IsAdminUser])
    async def composed(self, message: ComposedMessage) -> DoneMessage:
        RAN.append("composed")
        return DoneMessage(payload="composed")

    @ws_handler(permission_classes=[RefusesWithException])
    async def raises_denied(self, message: RaisesDeniedMessage) -> DoneMessage:
        RAN.append("raises_denied")
        return DoneMessage(payload="raises_denied")
