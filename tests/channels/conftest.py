"""Fixtures of the in-process Django Channels tests.

* ``clean_layer`` (autouse): empties the in-memory channel layer around every test so
  that group memberships never leak between tests.
* ``db_housekeeping`` (autouse): lets Channels' per-dispatch ``close_old_connections()``
  through pytest-django's database blocker in tests without a ``django_db`` mark (see
  its docstring).
* ``connect``: ``await connect(path, Consumer, headers=None)`` opens a communicator on
  the test project's ASGI application and asserts the handshake was accepted; every
  communicator still running is disconnected at teardown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from chanx.channels.testing import DjangoWebsocketCommunicator
from tests.channels.helpers import Connect, Headers, close_communicator
from tests.channels.testapp.asgi import application


@pytest.fixture(autouse=True)
def clean_layer() -> Iterator[None]:
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    yield
    async_to_sync(layer.flush)()


@pytest.fixture(autouse=True)
def db_housekeeping(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Unblock the database for Channels' connection housekeeping in non-DB tests.

    Channels calls ``close_old_connections()`` after every consumer dispatch. Once a
    ``django_db`` test ran in this process, the worker thread's connection is
    initialised and that call reaches ``ensure_connection``, which pytest-django
    blocks: later non-DB tests would fail depending on test order. These tests do not
    query the database themselves.
    """
    if request.node.get_closest_marker("django_db") is not None:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    opened: list[DjangoWebsocketCommunicator] = []

    async def _connect(
        path: str, consumer: type[Any], headers: Headers | None = None, *, app: Any = None
    ) -> DjangoWebsocketCommunicator:
        communicator = DjangoWebsocketCommunicator(
            app if app is not None else application, path, headers=headers, consumer=consumer
        )
        opened.append(communicator)
        connected, detail = await communicator.connect()
        assert connected, f"handshake refused: {detail!r}"
        return communicator

    yield _connect
    for communicator in opened:
        await close_communicator(communicator)
