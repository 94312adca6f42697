"""DRF permission classes as per-handler permissions on Django (token-authenticated)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from chanx.channels.routing import path
from chanx.channels.testing import DjangoWebsocketCommunicator
from tests.channels.testapp.consumers import DrfPermissionsConsumer
from tests.permissions.handlers import RAN

pytestmark = pytest.mark.django_db(transaction=True)

APP = URLRouter([path("ws/drf-permissions/", DrfPermissionsConsumer.as_asgi())])
COMPLETE = {"action": "complete", "payload": None}

Open = Callable[..., Awaitable[DjangoWebsocketCommunicator]]


@pytest.fixture(autouse=True)
def _clear() -> None:
    RAN.clear()


@pytest.fixture
async def open_as() -> AsyncIterator[Open]:
    opened: list[DjangoWebsocketCommunicator] = []

    async def _open(
        username: str, *, is_staff: bool = False, groups: tuple[str, ...] = ()
    ) -> DjangoWebsocketCommunicator:
        def make_user() -> str:
            user = get_user_model().objects.create_user(
                username=username, password="pw-123456", is_staff=is_staff
            )
            for name in groups:
                user.groups.add(Group.objects.get_or_create(name=name)[0])
            return Token.objects.create(user=user).key

        key = await sync_to_async(make_user)()
        communicator = DjangoWebsocketCommunicator(
            APP,
            "/ws/drf-permissions/",
            headers=[(b"authorization", f"Token {key}".encode())],
            consumer=DrfPermissionsConsumer,
        )
        opened.append(communicator)
        connected, _ = await communicator.connect()
        assert connected
        return communicator

    yield _open
    for communicator in opened:
        if not communicator.future.done():
            await communicator.disconnect()


async def _ask(ws: DjangoWebsocketCommunicator, action: str) -> list[Any]:
    await ws.send_to(text_data=f'{{"action": "{action}", "ref": "r"}}')
    first = await ws.receive_json_from(timeout=3)
    return [first, *await ws.receive_all_json(timeout=0.15)]


def _done(name: str) -> list[dict[str, Any]]:
    return [
        {"action": "done", "payload": name, "ref": "r", "version": 1},
        {**COMPLETE, "ref": "r", "version": 1},
    ]


def _denied(detail: str) -> list[dict[str, Any]]:
    payload = {"detail": detail, "code": "permission_denied"}
    return [
        {"action": "error", "payload": payload, "ref": "r", "version": 1},
        {**COMPLETE, "ref": "r", "version": 1},
    ]


DRF_DEFAULT = "You do not have permission to perform this action."


async def test_is_admin_user_allows_staff(open_as: Open) -> None:
    ws = await open_as("admin", is_staff=True)
    assert await _ask(ws, "drf_admin") == _done("drf_admin")
    assert await _ask(ws, "composed") == _done("composed")
    assert RAN == ["drf_admin", "composed"]


async def test_is_admin_user_refuses_others(open_as: Open) -> None:
    ws = await open_as("ada")
    assert await _ask(ws, "drf_admin") == _denied(DRF_DEFAULT)
    assert await _ask(ws, "composed") == _denied(DRF_DEFAULT)
    assert RAN == []


async def test_permissions_receive_the_handshakes_drf_request(open_as: Open) -> None:
    ws = await open_as("ada")
    assert await _ask(ws, "token_only") == _done("token_only")


async def test_has_roles_reads_django_groups_off_the_loop(open_as: Open) -> None:
    staff = await open_as("ada", groups=("staff", "other"))
    assert await _ask(staff, "staff_group") == _done("staff_group")
    outsider = await open_as("bob", groups=("other",))
    assert await _ask(outsider, "staff_group") == _denied("This action requires the role: staff.")
    assert RAN == ["staff_group"]


async def test_drf_permission_denied_exception_is_a_refusal(open_as: Open) -> None:
    ws = await open_as("ada")
    assert await _ask(ws, "raises_denied") == _denied("Not today")
    assert RAN == []
