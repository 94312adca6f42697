"""Fixtures of the sandbox app tests (Django test settings with the sandbox apps).

* ``clean_layer`` (autouse): empties the in-memory channel layer around each test.
* ``make_user(name)`` / ``make_chat(name, *members)``: database rows.
* ``token_headers(user)``: handshake headers with the user's DRF token.
* ``connect(path, consumer, headers)``: a communicator on the sandbox's real ASGI
  application (origin check, session middleware, routing), disconnected at teardown.
* ``api(user)``: a DRF ``APIClient`` authenticated with the user's token.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chanx.channels.testing import DjangoWebsocketCommunicator
from sandbox_django.asgi import application
from sandbox_django.chat.models import Chat
from tests.channels.helpers import close_communicator

Headers = list[tuple[bytes, bytes]]


@pytest.fixture(autouse=True)
def clean_layer() -> Iterator[None]:
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    yield
    async_to_sync(layer.flush)()


@pytest.fixture
def make_user() -> Callable[[str], User]:
    def make(username: str) -> User:
        return User.objects.create_user(username=username, password="pw-123456")

    return make


@pytest.fixture
def make_chat() -> Callable[..., Chat]:
    def make(name: str, *members: User) -> Chat:
        chat = Chat.objects.create(name=name)
        chat.members.add(*members)
        return chat

    return make


def token_headers(user: User) -> Headers:
    token, _ = Token.objects.get_or_create(user=user)
    return [(b"authorization", f"Token {token.key}".encode())]


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
async def connect() -> AsyncIterator[Callable[..., Any]]:
    opened: list[DjangoWebsocketCommunicator] = []

    async def _connect(
        path: str, consumer: type[Any], headers: Headers | None = None
    ) -> DjangoWebsocketCommunicator:
        communicator = DjangoWebsocketCommunicator(
            application, path, headers=headers, consumer=consumer
        )
        opened.append(communicator)
        connected, detail = await communicator.connect()
        assert connected, f"handshake refused: {detail!r}"
        return communicator

    yield _connect
    for communicator in opened:
        await close_communicator(communicator)
