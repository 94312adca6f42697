"""Fixtures of the behaviour suite, run once per integration.

* ``integration``: parametrised ``["django", "fastapi"]``; a ready
  :class:`~tests.behaviour.harness.Integration` with a clean in-memory channel layer
  (skipped when that framework is not installed).
* ``connect``: ``await connect(path, consumer_key, headers=None)`` opens a communicator
  on the integration's app and asserts the handshake was accepted; everything still
  running is disconnected at teardown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import ExitStack
from typing import Protocol

import pytest

from tests.behaviour.harness import (
    Communicator,
    Headers,
    Integration,
    close_communicator,
    iter_integration_names,
    make_integration,
)

REQUIRES = {"django": ("django", "channels"), "fastapi": ("fastapi", "fast_channels")}


class Connect(Protocol):
    def __call__(
        self, path: str, consumer_key: str, headers: Headers | None = None
    ) -> Awaitable[Communicator]: ...


@pytest.fixture(params=list(iter_integration_names()))
def integration(request: pytest.FixtureRequest) -> Iterator[Integration]:
    name: str = request.param
    for module in REQUIRES[name]:
        pytest.importorskip(module)
    with ExitStack() as stack:
        if name == "django":
            # Channels runs close_old_connections() after each dispatch; once a
            # django_db test ran in this process that reaches pytest-django's blocker.
            # These consumers never query the database (see tests/channels/conftest.py).
            blocker = request.getfixturevalue("django_db_blocker")
            stack.enter_context(blocker.unblock())
        current = make_integration(name)
        current.setup()
        stack.callback(current.teardown)
        yield current


@pytest.fixture
async def connect(integration: Integration) -> AsyncIterator[Connect]:
    opened: list[Communicator] = []

    async def _connect(
        path: str, consumer_key: str, headers: Headers | None = None
    ) -> Communicator:
        communicator = integration.communicator(path, consumer_key, headers)
        opened.append(communicator)
        connected, detail = await communicator.connect()
        assert connected, f"handshake refused: {detail!r}"
        return communicator

    yield _connect
    for communicator in opened:
        await close_communicator(communicator)
