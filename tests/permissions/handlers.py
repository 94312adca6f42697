"""Handlers with per-handler permissions, shared by the Django and FastAPI bindings.

Connections authenticate with :class:`HeaderRolesAuthenticator`: the ``x-user``
header names the user and ``x-roles`` lists its roles (comma-separated); without
``x-user`` the connection is anonymous (``user`` is ``None``). Every handler records
its name in :data:`RAN` so that tests can prove a refused handler never ran.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from chanx.core.authenticator import BaseAuthenticator
from chanx.core.decorators import ws_handler
from chanx.core.errors import WsError
from chanx.core.permissions import BasePermission, HasRoles
from tests.permissions.messages import (
    AdminEditorMessage,
    AdminOnlyMessage,
    AsyncCheckMessage,
    DoneMessage,
    ExplodingMessage,
    MembersOnlyMessage,
    OpenMessage,
    QuotaMessage,
    RefusedFirstMessage,
    VipMessage,
)

SECRET = "permission-secret=hunter2"

#: Names of handlers that ran (cleared by the tests).
RAN: list[str] = []
#: Names of permissions that were evaluated (cleared by the tests).
EVALUATED: list[str] = []


@dataclass(frozen=True)
class RoleUser:
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    tier: str = "basic"


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class HeaderRolesAuthenticator(BaseAuthenticator):
    """``x-user``/``x-roles``/``x-tier`` headers → :class:`RoleUser` (anonymous allowed)."""

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        username = _header(scope, b"x-user")
        if username is not None:
            roles = frozenset(r for r in (_header(scope, b"x-roles") or "").split(",") if r)
            self.user = RoleUser(username, roles, _header(scope, b"x-tier") or "basic")
        return True


class IsAda(BasePermission):
    """An ``async`` permission: only the user called ``ada``."""

    message = "Only ada may do this"

    async def has_permission(self, request: Any, view: Any) -> bool:
        EVALUATED.append("IsAda")
        await asyncio.sleep(0)
        user = request.user
        return user is not None and getattr(user, "username", None) == "ada"


class IsMember(BasePermission):
    message = "Members only"

    def has_permission(self, request: Any, view: Any) -> bool:
        EVALUATED.append("IsMember")
        # Django's AuthMiddlewareStack puts an AnonymousUser in the scope.
        user = request.user
        return user is not None and getattr(user, "is_authenticated", True) is True


class Exploding(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        EVALUATED.append("Exploding")
        raise RuntimeError(f"permission crashed: {SECRET}")


class DenyAll(BasePermission):
    """No ``message``: the default detail is sent."""

    def has_permission(self, request: Any, view: Any) -> bool:
        EVALUATED.append("DenyAll")
        return False


class QuotaLeft(BasePermission):
    """Reports its own domain error instead of a plain refusal."""

    def has_permission(self, request: Any, view: Any) -> bool:
        raise WsError("quota_exceeded", "Daily quota used up")


def tier_as_roles(user: Any) -> list[str]:
    return [] if user is None else [user.tier]


class PermissionHandlers:
    """Handlers guarded by the framework-agnostic permissions."""

    send_authentication_message = False
    authenticator_class = HeaderRolesAuthenticator

    @ws_handler(permission_classes=[HasRoles("admin")])
    async def admin_only(self, message: AdminOnlyMessage) -> DoneMessage:
        RAN.append("admin_only")
        return DoneMessage(payload="admin_only")

    @ws_handler(permission_classes=[HasRoles("admin", "editor")])
    async def admin_editor(self, message: AdminEditorMessage) -> DoneMessage:
        RAN.append("admin_editor")
        return DoneMessage(payload="admin_editor")

    @ws_handler(permission_classes=[IsMember, IsAda])
    async def async_check(self, message: AsyncCheckMessage) -> DoneMessage:
        RAN.append("async_check")
        return DoneMessage(payload="async_check")

    @ws_handler(permission_classes=[IsMember])
    async def members_only(self, message: MembersOnlyMessage) -> DoneMessage:
        RAN.append("members_only")
        return DoneMessage(payload="members_only")

    @ws_handler(permission_classes=[IsMember, Exploding])
    async def exploding(self, message: ExplodingMessage) -> DoneMessage:
        RAN.append("exploding")
        return DoneMessage(payload="exploding")

    @ws_handler(permission_classes=[DenyAll, Exploding])
    async def refused_first(self, message: RefusedFirstMessage) -> DoneMessage:
        RAN.append("refused_first")
        return DoneMessage(payload="refused_first")

    @ws_handler(permission_classes=[HasRoles("vip", resolver=tier_as_roles)])
    async def vip(self, message: VipMessage) -> DoneMessage:
        RAN.append("vip")
        return DoneMessage(payload="vip")

    @ws_handler(permission_classes=[QuotaLeft])
    async def quota(self, message: QuotaMessage) -> DoneMessage:
        RAN.append("quota")
        return DoneMessage(payload="quota")

    @ws_handler
    async def open(self, message: OpenMessage) -> DoneMessage:
        RAN.append("open")
        return DoneMessage(payload="open")
