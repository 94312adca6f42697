"""Per-handler permissions on Django: DRF permission classes off the event loop.

DRF's permission classes are synchronous and may query the database (``user.groups``,
object lookups), so :class:`~chanx.channels.websocket.AsyncJsonWebsocketConsumer` runs
sync ``has_permission`` methods through ``database_sync_to_async``; ``async def`` ones
run on the loop. They receive the handshake's DRF ``Request`` (see
``DjangoAuthenticator``) and the consumer as ``view``.

DRF's ``PermissionDenied``/``NotAuthenticated`` raised by a permission are treated as a
refusal with the exception's detail (``permission_denied``), as DRF itself would.
"""

from __future__ import annotations

import inspect
from typing import Any

from channels.db import database_sync_to_async
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from chanx.core.permissions import Denial, Permission, permission_name

__all__ = ["call_permission_off_loop"]


async def call_permission_off_loop(permission: Permission, request: Any, view: Any) -> Any:
    """``permission.has_permission(request, view)``, sync ones in a database thread.

    A DRF ``PermissionDenied``/``NotAuthenticated`` becomes a :class:`Denial`.
    """
    check = permission.has_permission
    try:
        if inspect.iscoroutinefunction(check):
            return await check(request, view)
        return await database_sync_to_async(check)(request, view)
    except (PermissionDenied, NotAuthenticated) as exc:
        return Denial(permission=permission_name(permission), detail=str(exc.detail))
