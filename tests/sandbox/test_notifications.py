"""Notifications: Celery tasks (eager here), the REST trigger and ``manage.py announce``."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from sandbox_django.notifications import tasks
from sandbox_django.notifications.consumers import NotificationConsumer
from tests.sandbox.conftest import token_headers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("sandbox_django.urls")]


@pytest.fixture
async def listeners(connect: Callable[..., Any], make_user: Callable[[str], User]) -> Any:
    """``(ada, ada's connection, bob's connection)``."""
    ada = await sync_to_async(make_user)("ada")
    bob = await sync_to_async(make_user)("bob")
    opened = []
    for user in (ada, bob):
        headers = await sync_to_async(token_headers)(user)
        communicator = await connect("/ws/notifications/", NotificationConsumer, headers)
        assert (await communicator.receive_json())["payload"]["status_code"] == 200
        opened.append(communicator)
    return ada, opened[0], opened[1]


async def test_notify_user_task_reaches_only_that_user(listeners: Any) -> None:
    ada, ada_ws, bob_ws = listeners
    await sync_to_async(tasks.notify_user.delay)(ada.pk, "your export is ready")
    assert await ada_ws.receive_json() == {
        "action": "notification",
        "payload": {"text": "your export is ready"},
    }
    assert await bob_ws.receive_nothing(0.2)


async def test_rest_trigger_queues_the_task(listeners: Any) -> None:
    ada, ada_ws, bob_ws = listeners

    def post(body: dict[str, str]) -> Any:
        client = APIClient()
        client.force_authenticate(ada)
        return client.post("/api/notifications/", body, format="json")

    response = await sync_to_async(post)({"text": "ping me"})
    assert (response.status_code, response.json()) == (202, {"status": "queued"})
    assert (await ada_ws.receive_json())["payload"] == {"text": "ping me"}
    invalid = await sync_to_async(post)({"text": ""})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["loc"] == ["text"]
    assert await ada_ws.receive_nothing(0.2)
    assert await bob_ws.receive_nothing(0.2)


async def test_announce_command_reaches_everyone(listeners: Any) -> None:
    _, ada_ws, bob_ws = listeners
    out = StringIO()
    await sync_to_async(call_command)("announce", "maintenance at noon", stdout=out)
    assert out.getvalue().strip() == "announcement sent"
    expected = {"action": "announcement", "payload": {"text": "maintenance at noon"}}
    assert await ada_ws.receive_json() == expected
    assert await bob_ws.receive_json() == expected


async def test_announce_command_through_celery(listeners: Any) -> None:
    _, ada_ws, _ = listeners
    out = StringIO()
    await sync_to_async(call_command)("announce", "queued one", "--queue", stdout=out)
    assert out.getvalue().strip() == "announcement queued"
    assert (await ada_ws.receive_json())["payload"] == {"text": "queued one"}


def test_announce_command_validates_the_text() -> None:
    with pytest.raises(CommandError, match="invalid announcement"):
        call_command("announce", "x" * 501)


async def test_anonymous_users_are_refused(connect: Callable[..., Any]) -> None:
    communicator = await connect("/ws/notifications/", NotificationConsumer)
    assert (await communicator.receive_json())["payload"]["status_code"] == 401
    await communicator.assert_closed(4401)
