"""Per-handler permission hooks of the consumer (the checks themselves live in
:mod:`chanx.core.permissions`; dispatch calls :meth:`PermissionHooks.check_permissions`
before a guarded handler runs)."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from chanx.core.frames import error_detail
from chanx.core.permissions import ConnectionRequest, Denial, Permission, denial_of, instantiate
from chanx.core.registry import Handler
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage

__all__ = ["PermissionHooks"]


class PermissionHooks:
    """Override these to change what permissions see or how refusals are reported."""

    if TYPE_CHECKING:
        scope: dict[str, Any]
        user: Any

        async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None: ...

    def get_permission_request(self) -> Any:
        """The ``request`` handed to per-handler permissions.

        Default: a :class:`~chanx.core.permissions.ConnectionRequest` with the
        authenticator's user (else ``scope["user"]``) and the scope. The Django
        integration returns the handshake's DRF ``Request`` when it has one.
        """
        user = self.user if self.user is not None else self.scope.get("user")
        return ConnectionRequest(user=user, scope=self.scope)

    async def call_permission(self, permission: Permission, request: Any) -> Any:
        """``permission.has_permission(request, self)``; the core awaits an awaitable result.

        May also return a :class:`~chanx.core.permissions.Denial` (a refusal with its detail).

        Runs on the event loop here, so sync permissions must not block; the Django
        integration runs sync ones in a thread (they may query the database).
        """
        return permission.has_permission(request, self)

    async def check_permissions(self, handler: Handler, message: BaseMessage) -> Denial | None:
        """Check ``handler.permissions`` in order; the first refusal, or ``None`` if all allow."""
        request = self.get_permission_request()
        for entry in handler.permissions:
            permission = instantiate(entry)
            allowed = await self.call_permission(permission, request)
            if inspect.isawaitable(allowed):
                allowed = await allowed
            if isinstance(allowed, Denial):
                return allowed
            if not allowed:
                return denial_of(permission)
        return None

    async def handle_permission_denied(
        self, denial: Denial, action: str, message: BaseMessage
    ) -> None:
        """Tell the client a permission refused its frame (``permission_denied``)."""
        await self.send_message(
            ErrorMessage(payload=error_detail("permission_denied", denial.detail))
        )
