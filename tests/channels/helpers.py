"""Helpers shared by the in-process Django Channels tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any, Protocol

from channels.layers import get_channel_layer

from chanx.channels.testing import DjangoWebsocketCommunicator
from chanx.messages.base import BaseMessage

Headers = list[tuple[bytes, bytes]]

#: Seconds to wait when asserting that nothing (more) arrives.
QUIET = 0.15


class Connect(Protocol):
    """The ``connect`` fixture: open an accepted communicator."""

    def __call__(
        self,
        path: str,
        consumer: type[Any],
        headers: Headers | None = None,
        *,
        app: Any = None,
    ) -> Awaitable[DjangoWebsocketCommunicator]: ...


async def close_communicator(communicator: DjangoWebsocketCommunicator) -> None:
    """Disconnect unless the application already stopped (or was cancelled)."""
    future = communicator._future
    if future is not None and not future.done():
        await communicator.disconnect()


async def send_raw(communicator: DjangoWebsocketCommunicator, frame: Any) -> None:
    """Send ``frame`` (a str is sent verbatim, anything else as JSON)."""
    text = frame if isinstance(frame, str) else json.dumps(frame)
    await communicator.send_to(text_data=text)


async def frames(
    communicator: DjangoWebsocketCommunicator, quiet: float = QUIET, first: float = 2.0
) -> list[Any]:
    """Every JSON frame until the connection is quiet for ``quiet`` seconds.

    Waits up to ``first`` seconds for the first frame, so a slow machine does not turn
    an expected frame into an empty list; never cancels the application.
    """
    if await communicator.receive_nothing(timeout=first):
        return []
    return await communicator.receive_all_json(timeout=quiet)


async def assert_silent(communicator: DjangoWebsocketCommunicator, quiet: float = QUIET) -> None:
    """Nothing arrives within ``quiet`` seconds (without cancelling the application)."""
    assert await communicator.receive_nothing(timeout=quiet), "unexpected frame(s) arrived"


async def echo_round_trip(
    communicator: DjangoWebsocketCommunicator, text: str = "still here"
) -> None:
    """The connection still works: an echo gets its reply."""
    await send_raw(communicator, {"action": "echo", "payload": {"message": text}})
    reply = await communicator.receive_json()
    assert reply == {"action": "echo_reply", "payload": {"message": text}}


async def group_send(group: str, body: dict[str, Any]) -> None:
    """Put a raw message on the default channel layer."""
    await get_channel_layer().group_send(group, body)


async def wait_until(predicate: Any, timeout: float = 2.0) -> None:
    """Poll ``predicate()`` until it is true."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


def dump(message: BaseMessage) -> dict[str, Any]:
    """The JSON dict of ``message`` as the wire carries it."""
    return message.model_dump(mode="json")
