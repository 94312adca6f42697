"""The FastAPI test application and its in-memory channel layer.

``create_app()`` builds a fresh app (routes only, no global state). The channel layer
lives in fast-channels' process-global registry, so tests register it with
:func:`in_memory_layer`, which removes it again on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fast_channels.layers import (
    InMemoryChannelLayer,
    get_channel_layer,
    register_channel_layer,
    unregister_channel_layer,
)
from fastapi import FastAPI

from tests.fast_channels import consumers

#: Same paths as the Django test project (tests/channels/testapp/asgi.py).
ROUTES = [
    ("/ws/behaviour/", consumers.BehaviourConsumer),
    ("/ws/behaviour/{room}/", consumers.BehaviourConsumer),
    ("/ws/ordered/", consumers.OrderedConsumer),
    ("/ws/completion/", consumers.CompletionConsumer),
    ("/ws/camel/", consumers.CamelConsumer),
    ("/ws/small/", consumers.SmallFramesConsumer),
    ("/ws/limited/", consumers.RateLimitedConsumer),
    ("/ws/idle/", consumers.IdleConsumer),
    ("/ws/token/", consumers.TokenConsumer),
    ("/ws/topics/", consumers.TopicsConsumer),
    ("/ws/camel-topics/", consumers.CamelTopicsConsumer),
    ("/ws/topic-rooms/{room_name}/", consumers.RoomTopicConsumer),
]


def create_app() -> FastAPI:
    """A FastAPI app with every test consumer mounted."""
    app = FastAPI()
    for path, consumer in ROUTES:
        app.router.add_websocket_route(path, consumer.as_asgi())
    return app


@contextmanager
def in_memory_layer(alias: str = "default") -> Iterator[InMemoryChannelLayer]:
    """Register a fresh in-memory layer under ``alias`` for the duration of the block."""
    if get_channel_layer(alias) is not None:
        raise RuntimeError(f"a channel layer is already registered as {alias!r} (leaked?)")
    layer = InMemoryChannelLayer()
    register_channel_layer(alias, layer)
    try:
        yield layer
    finally:
        unregister_channel_layer(alias)
