"""One behaviour suite, every integration: the harness the suite talks to.

An :class:`Integration` hides how a framework mounts the behaviour consumers
(``tests.behaviour.consumers.BehaviourHandlers`` bound to its
``AsyncJsonWebsocketConsumer``) and where its in-memory channel layer lives:

* :class:`DjangoIntegration`: ``tests/channels/testapp`` (its ASGI application and
  consumers, Channels' ``InMemoryChannelLayer`` from ``CHANNEL_LAYERS``, flushed
  around each test).
* :class:`FastAPIIntegration`: ``tests/fast_channels/app.py`` (a fresh FastAPI app and
  a fresh fast-channels ``InMemoryChannelLayer`` registered as ``"default"`` for the
  test only).

Both mount the same paths: ``/ws/behaviour/``, ``/ws/behaviour/<room>/``,
``/ws/ordered/``, ``/ws/completion/``, ``/ws/camel/``, ``/ws/small/``,
``/ws/limited/``, ``/ws/idle/``, ``/ws/topics/``, ``/ws/camel-topics/``,
``/ws/topic-rooms/<room_name>/``.
Framework imports happen inside the implementations, so a run without Django (or
without FastAPI) can still collect this module.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any, Protocol

from chanx.core.protocols import ChannelLayer

__all__ = [
    "CONSUMER_KEYS",
    "QUIET",
    "Communicator",
    "DjangoIntegration",
    "FastAPIIntegration",
    "Headers",
    "Integration",
    "assert_silent",
    "close_communicator",
    "frames",
    "make_integration",
    "send_raw",
    "wait_until",
]

#: Behaviour consumers every integration provides, by key (the class names minus ``Consumer``).
CONSUMER_KEYS = {
    "behaviour": "BehaviourConsumer",
    "ordered": "OrderedConsumer",
    "completion": "CompletionConsumer",
    "camel": "CamelConsumer",
    "small": "SmallFramesConsumer",
    "limited": "RateLimitedConsumer",
    "idle": "IdleConsumer",
    "topics": "TopicsConsumer",
    "camel_topics": "CamelTopicsConsumer",
    "room_topic": "RoomTopicConsumer",
}

Headers = list[tuple[bytes, bytes]]

#: Seconds to wait when asserting that nothing (more) arrives.
QUIET = 0.15


class Communicator(Protocol):
    """What the suite uses of ``chanx.{channels,fast_channels}.testing.WebsocketCommunicator``."""

    future: asyncio.Future[Any]
    consumer: type[Any]

    async def connect(self, timeout: float = 1) -> tuple[bool, Any]: ...
    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None: ...
    async def send_to(
        self, text_data: str | None = None, bytes_data: bytes | None = None
    ) -> None: ...
    async def receive_json(self, timeout: float = 1) -> Any: ...
    async def receive_all_json(self, timeout: float = 1) -> list[Any]: ...
    async def receive_nothing(self, timeout: float = 0.1, interval: float = 0.01) -> bool: ...
    async def receive_output(self, timeout: float = 1) -> dict[str, Any]: ...
    async def assert_closed(self, code: int | None = None, timeout: float = 1) -> None: ...
    async def send_message(
        self, message: Any, *, topic: str | None = None, ref: str | None = None
    ) -> None: ...
    async def receive_all_messages(
        self, stop_action: str = "complete", timeout: float = 1
    ) -> list[Any]: ...


class Integration(Protocol):
    """A framework binding of the behaviour consumers."""

    name: str

    def consumer(self, key: str) -> type[Any]:
        """The consumer class for ``key`` (see :data:`CONSUMER_KEYS`)."""
        ...

    def communicator(
        self, path: str, consumer_key: str, headers: Headers | None = None
    ) -> Communicator:
        """A (not yet connected) communicator on the integration's ASGI app."""
        ...

    @property
    def layer(self) -> ChannelLayer:
        """The in-memory channel layer the consumers use."""
        ...

    def members(self, group: str) -> set[str]:
        """Channel names currently in ``group`` on that layer."""
        ...

    def setup(self) -> None:
        """Give the test a clean channel layer."""
        ...

    def teardown(self) -> None:
        """Undo :meth:`setup` (no global state may leak into the next test)."""
        ...


class DjangoIntegration:
    """Django Channels: ``tests/channels/testapp``."""

    name = "django"

    def __init__(self) -> None:
        from tests.channels.testapp import asgi, consumers

        self.app = asgi.application
        self._consumers = {key: getattr(consumers, cls) for key, cls in CONSUMER_KEYS.items()}

    def consumer(self, key: str) -> type[Any]:
        return self._consumers[key]  # type: ignore[no-any-return]

    def communicator(
        self, path: str, consumer_key: str, headers: Headers | None = None
    ) -> Communicator:
        from chanx.channels.testing import DjangoWebsocketCommunicator

        return DjangoWebsocketCommunicator(  # type: ignore[return-value]
            self.app, path, headers=headers, consumer=self.consumer(consumer_key)
        )

    @property
    def layer(self) -> ChannelLayer:
        from channels.layers import get_channel_layer

        layer: ChannelLayer = get_channel_layer()
        return layer

    def members(self, group: str) -> set[str]:
        return set(getattr(self.layer, "groups", {}).get(group, {}))

    def _flush(self) -> None:
        from asgiref.sync import async_to_sync

        async_to_sync(self.layer.flush)()  # type: ignore[attr-defined]

    def setup(self) -> None:
        self._flush()

    def teardown(self) -> None:
        self._flush()


class FastAPIIntegration:
    """FastAPI on fast-channels: ``tests/fast_channels/app.py``."""

    name = "fastapi"

    def __init__(self) -> None:
        from tests.fast_channels import consumers
        from tests.fast_channels.app import create_app

        self.app = create_app()
        self._consumers = {key: getattr(consumers, cls) for key, cls in CONSUMER_KEYS.items()}
        self._stack = ExitStack()
        self._layer: ChannelLayer | None = None

    def consumer(self, key: str) -> type[Any]:
        return self._consumers[key]  # type: ignore[no-any-return]

    def communicator(
        self, path: str, consumer_key: str, headers: Headers | None = None
    ) -> Communicator:
        from chanx.fast_channels.testing import WebsocketCommunicator

        return WebsocketCommunicator(  # type: ignore[return-value]
            self.app, path, headers=headers, consumer=self.consumer(consumer_key)
        )

    @property
    def layer(self) -> ChannelLayer:
        assert self._layer is not None, "setup() was not called"
        return self._layer

    def members(self, group: str) -> set[str]:
        return set(getattr(self.layer, "groups", {}).get(group, {}))

    def setup(self) -> None:
        from tests.fast_channels.app import in_memory_layer

        self._layer = self._stack.enter_context(in_memory_layer("default"))

    def teardown(self) -> None:
        self._stack.close()
        self._layer = None


def make_integration(name: str) -> Integration:
    """The integration called ``name`` (``"django"`` or ``"fastapi"``)."""
    if name == "django":
        return DjangoIntegration()
    if name == "fastapi":
        return FastAPIIntegration()
    raise ValueError(f"unknown integration {name!r}")


# --------------------------------------------------------------------------- helpers


async def close_communicator(communicator: Communicator) -> None:
    """Disconnect unless the application already stopped (or was cancelled)."""
    if not communicator.future.done():
        await communicator.disconnect()


async def send_raw(communicator: Communicator, frame: Any) -> None:
    """Send ``frame`` (a str is sent verbatim, anything else as JSON)."""
    text = frame if isinstance(frame, str) else json.dumps(frame)
    await communicator.send_to(text_data=text)


async def frames(communicator: Communicator, quiet: float = QUIET) -> list[Any]:
    """At least one JSON frame (waiting up to 2 s for it), then every frame until quiet.

    Waiting longer for the first frame keeps the suite stable on a loaded machine;
    use :func:`assert_silent` to check that nothing arrives.
    """
    first = await communicator.receive_json(timeout=2)
    return [first, *await communicator.receive_all_json(timeout=quiet)]


async def assert_silent(communicator: Communicator, quiet: float = QUIET) -> None:
    """Nothing arrives within ``quiet`` seconds (without cancelling the application)."""
    assert await communicator.receive_nothing(timeout=quiet)


async def wait_until(predicate: Any, timeout: float = 2.0) -> None:
    """Poll ``predicate()`` until it is true."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


def iter_integration_names() -> Iterator[str]:
    """Names the ``integration`` fixture is parametrised with."""
    yield from ("django", "fastapi")
