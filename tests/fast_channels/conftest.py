"""Fixtures of the FastAPI / fast-channels tests.

* ``layer``: a fresh in-memory layer registered as ``"default"`` for the test only.
* ``app``: a fresh FastAPI app with the test consumers (``tests/fast_channels/app.py``).
* ``connect``: ``await connect(path, Consumer, headers=None)`` opens a communicator on
  ``app`` and asserts the handshake was accepted; disconnected at teardown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Protocol

import pytest
from fast_channels.layers import InMemoryChannelLayer
from fastapi import FastAPI

from chanx.fast_channels.testing import WebsocketCommunicator
from tests.behaviour.harness import close_communicator
from tests.fast_channels.app import create_app, in_memory_layer

Headers = list[tuple[bytes, bytes]]


class Connect(Protocol):
    def __call__(
        self, path: str, consumer: type[Any], headers: Headers | None = None
    ) -> Awaitable[WebsocketCommunicator]: ...


@pytest.fixture
def layer() -> Iterator[InMemoryChannelLayer]:
    with in_memory_layer("default") as registered:
        yield registered


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@pytest.fixture
async def connect(app: FastAPI, layer: InMemoryChannelLayer) -> AsyncIterator[Connect]:
    opened: list[WebsocketCommunicator] = []

    async def _connect(
        path: str, consumer: type[Any], headers: Headers | None = None
    ) -> WebsocketCommunicator:
        communicator = WebsocketCommunicator(app, path, headers=headers, consumer=consumer)
        opened.append(communicator)
        connected, detail = await communicator.connect()
        assert connected, f"handshake refused: {detail!r}"
        return communicator

    yield _connect
    for communicator in opened:
        await close_communicator(communicator)  # type: ignore[arg-type]
