"""Per-handler authorization: ``@ws_handler(permission_classes=[...])``.

A permission is anything with ``has_permission(request, view)`` returning a bool or an
awaitable of one — the shape of DRF's permission classes, so those work unchanged on
Django. ``permission_classes`` entries are either classes (instantiated for every
check, like DRF) or ready instances such as ``HasRoles("admin", "editor")``; DRF's
composed permissions (``IsAuthenticated & IsAdminUser``) work too.

* ``request``: what the consumer's ``get_permission_request()`` returns. On Django
  that is the DRF ``Request`` built from the handshake when a ``DjangoAuthenticator``
  ran, otherwise (and on FastAPI) a :class:`ConnectionRequest` carrying ``user`` (the
  authenticator's user, else ``scope["user"]``) and the ASGI ``scope``.
* ``view``: the consumer instance.

The permissions are checked in order before the handler runs; the first one that
refuses stops the check: the client gets ``{"detail": <its message>, "code":
"permission_denied"}`` (the permission's ``message`` attribute when it is a string,
else :data:`DEFAULT_DENIED_MESSAGE`) and the handler never runs. A permission that
*raises* is a server bug: the traceback is logged (``chanx.permission.failed``) and the
client gets the generic ``handler_error`` frame without the exception text (a
:class:`~chanx.core.errors.WsError` raised by a permission is sent as it is, like one
raised by a handler).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, cast, runtime_checkable

from chanx.core.errors import HandlerDefinitionError

# The user-facing API; the helpers below it (denial_of, describe_permission, ...) serve
# the dispatch path, the Django bridge and the AsyncAPI generator.
__all__ = [
    "DEFAULT_DENIED_MESSAGE",
    "BasePermission",
    "ConnectionRequest",
    "HasRoles",
    "Permission",
    "PermissionEntry",
    "RoleResolver",
    "default_role_resolver",
]

DEFAULT_DENIED_MESSAGE = "You do not have permission to perform this action."


@runtime_checkable
class Permission(Protocol):
    """What a per-handler permission provides (DRF's permission classes fit).

    An optional ``message`` attribute (a string) becomes the denial's ``detail``.
    """

    def has_permission(self, request: Any, view: Any) -> bool | Awaitable[bool]:
        """Whether the frame may reach the handler (may be ``async``)."""
        ...


#: A ``permission_classes`` entry: a permission class, a permission instance or a
#: factory returning a permission (DRF's ``A & B`` composition).
PermissionEntry = Permission | type[Permission] | Callable[[], Permission]

#: ``user -> roles`` (or an awaitable of them).
RoleResolver = Callable[[Any], Iterable[str] | Awaitable[Iterable[str]]]


@dataclass(frozen=True, slots=True)
class ConnectionRequest:
    """The framework-free ``request`` handed to permissions: the connection's user and scope."""

    user: Any
    scope: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Denial:
    """Which permission refused a frame, and the detail sent to the client."""

    permission: str
    detail: str


class BasePermission:
    """Convenience base for framework-free permissions: allows by default."""

    message: ClassVar[str | None] = None

    def has_permission(self, request: Any, view: Any) -> bool | Awaitable[bool]:
        """Override: return (or ``async def``: await to) ``True`` to allow the frame."""
        return True


def default_role_resolver(user: Any) -> Iterable[str]:
    """Roles of ``user``, in this order of preference.

    * ``None`` or an anonymous user (``is_authenticated`` false): no roles;
    * a mapping (e.g. decoded JWT claims): its ``"roles"`` entry;
    * an object with a ``roles`` attribute: that iterable of names (called if callable);
    * an object with ``groups`` (Django's ``User.groups``): the group names — a manager
      is queried with ``.all()``, which is why Django runs permissions off the loop.
    """
    if user is None or getattr(user, "is_authenticated", True) is False:
        return ()
    if isinstance(user, Mapping):
        return _names(user.get("roles"))
    roles = getattr(user, "roles", None)
    if roles is not None:
        return _names(roles() if callable(roles) else roles)
    groups = getattr(user, "groups", None)
    if groups is not None:
        items = groups.all() if hasattr(groups, "all") else groups
        return [getattr(g, "name", g) for g in _names(items)]
    return ()


def _names(value: Any) -> Iterable[Any]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return list(value)


class HasRoles:
    """Allow the frame only when the user has *every* listed role.

    Roles come from ``resolver(user)`` — the ``resolver=`` argument, else the class's
    :attr:`resolver` (:func:`default_role_resolver`; set it on a subclass to change it
    project-wide). A resolver may be ``async``. The user is ``request.user``.
    ``message`` replaces the denial detail (default: names the required roles).
    """

    resolver: ClassVar[RoleResolver] = staticmethod(default_role_resolver)
    message: str

    def __init__(
        self, *roles: str, resolver: RoleResolver | None = None, message: str | None = None
    ) -> None:
        given = cast("tuple[object, ...]", roles)
        if not given or not all(isinstance(r, str) and r for r in given):
            raise HandlerDefinitionError("HasRoles needs at least one non-empty role name")
        self.roles: tuple[str, ...] = tuple(dict.fromkeys(roles))
        self._resolver = resolver
        listed = ", ".join(self.roles)
        self.message = message or (
            f"This action requires the role{'s' if len(self.roles) > 1 else ''}: {listed}."
        )

    def __repr__(self) -> str:
        return f"HasRoles({', '.join(map(repr, self.roles))})"

    def has_permission(self, request: Any, view: Any) -> bool | Awaitable[bool]:
        """``True`` when the user's roles include all of :attr:`roles`."""
        resolver = self._resolver or type(self).resolver
        roles = resolver(getattr(request, "user", None))
        if inspect.isawaitable(roles):
            return self._check_later(roles)
        return self._covers(roles)

    async def _check_later(self, roles: Awaitable[Iterable[str]]) -> bool:
        return self._covers(await roles)

    def _covers(self, roles: Iterable[str]) -> bool:
        held: Collection[str] = set(roles)
        return all(role in held for role in self.roles)


# --------------------------------------------------------------------------- helpers


def validate_permission_entries(entries: object, where: str) -> tuple[Any, ...]:
    """``entries`` as a tuple; raise ``HandlerDefinitionError`` for anything unusable."""
    if isinstance(entries, str | bytes) or not isinstance(entries, Sequence):
        raise HandlerDefinitionError(
            f"permission_classes of {where} must be a list or tuple of permissions (ordered)"
        )
    checked = tuple(entries)
    for entry in checked:
        if not (hasattr(entry, "has_permission") or callable(entry)):
            raise HandlerDefinitionError(
                f"permission_classes of {where}: {entry!r} is neither a permission class "
                "nor an object with has_permission(request, view)"
            )
    return checked


def instantiate(entry: Any) -> Permission:
    """The permission object of an entry: classes and factories are called, instances kept."""
    if isinstance(entry, type) or not hasattr(entry, "has_permission"):
        permission: Permission = entry()
        return permission
    return entry  # type: ignore[no-any-return]


def denial_of(permission: Any) -> Denial:
    """The :class:`Denial` for a refusing ``permission`` (its string ``message``, if any)."""
    message = getattr(permission, "message", None)
    detail = message if isinstance(message, str) and message else DEFAULT_DENIED_MESSAGE
    return Denial(permission=permission_name(permission), detail=detail)


def permission_name(entry: Any) -> str:
    """A readable name: ``IsAdminUser``, ``HasRoles``, ``(IsAuthenticated & IsAdminUser)``."""
    operator = getattr(entry, "operator_class", None)
    if operator is not None and hasattr(entry, "op1_class"):
        symbol = {"AND": "&", "OR": "|", "NOT": "~"}.get(operator.__name__, operator.__name__)
        first = permission_name(entry.op1_class)
        if hasattr(entry, "op2_class"):
            return f"({first} {symbol} {permission_name(entry.op2_class)})"
        return f"{symbol}{first}"
    if isinstance(entry, type):
        return entry.__name__
    return type(entry).__name__


def describe_permission(entry: Any) -> dict[str, Any]:
    """How documentation shows an entry: ``{"name": ...}`` plus ``roles`` for ``HasRoles``."""
    description: dict[str, Any] = {"name": permission_name(entry)}
    roles = getattr(entry, "roles", None)
    if isinstance(entry, HasRoles) and roles:
        description["roles"] = list(roles)
    return description
