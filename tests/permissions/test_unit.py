"""Unit tests of chanx.core.permissions and how the decorator/registry carry permissions."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework.permissions import IsAdminUser, IsAuthenticated

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.decorators import get_handler_spec, ws_handler
from chanx.core.errors import HandlerDefinitionError
from chanx.core.permissions import (
    DEFAULT_DENIED_MESSAGE,
    BasePermission,
    ConnectionRequest,
    Denial,
    HasRoles,
    Permission,
    default_role_resolver,
    denial_of,
    describe_permission,
    instantiate,
    permission_name,
)
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


def _request(user: Any) -> ConnectionRequest:
    return ConnectionRequest(user=user, scope={})


def _check(permission: Permission, user: Any) -> bool:
    result = permission.has_permission(_request(user), None)
    if asyncio.iscoroutine(result):
        return bool(asyncio.run(result))
    assert isinstance(result, bool)
    return result


class _Groups:
    """Looks like Django's ``user.groups`` manager."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def all(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(name=n) for n in self.names]


# --------------------------------------------------------------------------- HasRoles


@pytest.mark.parametrize(
    ("held", "allowed"),
    [
        ({"admin", "editor"}, True),
        ({"admin", "editor", "viewer"}, True),
        ({"admin"}, False),
        ({"editor"}, False),
        (set(), False),
    ],
)
def test_has_roles_requires_all_roles(held: set[str], allowed: bool) -> None:
    user = SimpleNamespace(roles=held)
    assert _check(HasRoles("admin", "editor"), user) is allowed


@pytest.mark.parametrize(
    ("user", "roles"),
    [
        (None, set()),
        (SimpleNamespace(is_authenticated=False, roles=["admin"]), set()),
        ({"sub": "1", "roles": ["admin", "x"]}, {"admin", "x"}),
        ({"sub": "1"}, set()),
        (SimpleNamespace(roles=("admin",)), {"admin"}),
        (SimpleNamespace(roles="admin"), {"admin"}),
        (SimpleNamespace(roles=lambda: ["admin"]), {"admin"}),
        (SimpleNamespace(groups=_Groups("staff", "ops")), {"staff", "ops"}),
        (SimpleNamespace(groups=["staff"]), {"staff"}),
        (SimpleNamespace(username="nobody"), set()),
    ],
)
def test_default_role_resolver(user: Any, roles: set[str]) -> None:
    assert set(default_role_resolver(user)) == roles


def test_roles_attribute_wins_over_groups() -> None:
    user = SimpleNamespace(roles=["a"], groups=_Groups("b"))
    assert set(default_role_resolver(user)) == {"a"}


def test_custom_resolver_argument() -> None:
    permission = HasRoles("vip", resolver=lambda user: user.claims["tier"].split())
    assert _check(permission, SimpleNamespace(claims={"tier": "vip gold"}))
    assert not _check(permission, SimpleNamespace(claims={"tier": "basic"}, roles=["vip"]))


def test_async_resolver() -> None:
    async def resolve(user: Any) -> Iterable[str]:
        await asyncio.sleep(0)
        return user.roles

    permission = HasRoles("admin", resolver=resolve)
    assert _check(permission, SimpleNamespace(roles=["admin"]))
    assert not _check(permission, SimpleNamespace(roles=["editor"]))


def test_project_wide_resolver_on_a_subclass() -> None:
    class ClaimRoles(HasRoles):
        resolver = staticmethod(lambda user: user["scopes"])

    assert _check(ClaimRoles("write"), {"scopes": ["read", "write"]})
    assert not _check(ClaimRoles("write"), {"scopes": ["read"], "roles": ["write"]})


def test_has_roles_message_and_repr() -> None:
    assert HasRoles("admin").message == "This action requires the role: admin."
    both = HasRoles("admin", "editor", "admin")
    assert both.roles == ("admin", "editor")
    assert both.message == "This action requires the roles: admin, editor."
    assert repr(both) == "HasRoles('admin', 'editor')"
    assert HasRoles("admin", message="Nope").message == "Nope"


@pytest.mark.parametrize("roles", [(), ("",), ("admin", 3)])
def test_has_roles_needs_role_names(roles: tuple[Any, ...]) -> None:
    with pytest.raises(HandlerDefinitionError):
        HasRoles(*roles)


# --------------------------------------------------------------------------- helpers


def test_instantiate_classes_instances_and_factories() -> None:
    instance = HasRoles("a")
    assert instantiate(instance) is instance
    first, second = instantiate(IsAdminUser), instantiate(IsAdminUser)
    assert isinstance(first, IsAdminUser)
    assert first is not second
    composed = instantiate(IsAuthenticated & IsAdminUser)
    assert hasattr(composed, "has_permission")


def test_denial_detail_uses_string_messages_only() -> None:
    class WithMessage(BasePermission):
        message = "Members only"

    class WithDict(BasePermission):
        message = {"detail": "x"}  # type: ignore[assignment]

    assert denial_of(WithMessage()) == Denial("WithMessage", "Members only")
    assert denial_of(WithDict()) == Denial("WithDict", DEFAULT_DENIED_MESSAGE)
    assert denial_of(IsAdminUser()) == Denial("IsAdminUser", DEFAULT_DENIED_MESSAGE)


def test_permission_names_and_descriptions() -> None:
    assert permission_name(IsAdminUser) == "IsAdminUser"
    assert permission_name(IsAuthenticated & IsAdminUser) == "(IsAuthenticated & IsAdminUser)"
    assert permission_name(IsAuthenticated | ~IsAdminUser) == "(IsAuthenticated | ~IsAdminUser)"
    assert describe_permission(HasRoles("b", "a")) == {"name": "HasRoles", "roles": ["b", "a"]}
    assert describe_permission(IsAdminUser) == {"name": "IsAdminUser"}


def test_base_permission_allows_by_default() -> None:
    assert _check(BasePermission(), None)


# --------------------------------------------------------------------------- decorator/registry


class FakeConsumer(ChanxConsumerMixin):
    pass


def test_decorator_records_permissions_on_the_handler() -> None:
    roles = HasRoles("admin")

    class Guarded(FakeConsumer):
        @ws_handler(permission_classes=[IsAuthenticated, roles])
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    spec = get_handler_spec(Guarded.ping)
    assert spec is not None
    assert spec.permissions == (IsAuthenticated, roles)
    (handler,) = Guarded.chanx_registry.ws_handlers
    assert handler.permissions == (IsAuthenticated, roles)


def test_handlers_without_permissions_have_none() -> None:
    class Open(FakeConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    assert Open.chanx_registry.ws_handlers[0].permissions == ()


@pytest.mark.parametrize("bad", ["IsAdminUser", [42], [object()], {IsAdminUser}])
def test_unusable_permission_entries_fail_at_decoration(bad: Any) -> None:
    with pytest.raises(HandlerDefinitionError, match="permission_classes"):

        @ws_handler(permission_classes=bad)
        async def ping(self: Any, message: PingMessage) -> None: ...
