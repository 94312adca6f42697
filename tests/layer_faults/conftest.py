"""Fixtures of the channel-layer fault tests (Django Channels, channels-redis).

* ``db_housekeeping`` (autouse): as in ``tests/channels/conftest.py``, lets Channels'
  per-dispatch ``close_old_connections()`` through pytest-django's database blocker.
* ``redis_layer``: a private ``redis-server`` (from ``redis_server_factory``, so stopping
  it affects no other test) installed as the ``default`` channel layer with
  :func:`chanx.channels.layers.redis_channel_layer`; yields the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from channels.layers import channel_layers
from django.test import override_settings

from chanx.channels.layers import redis_channel_layer
from tests.support.redis_server import RedisServer


@pytest.fixture(autouse=True)
def db_housekeeping(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    if request.node.get_closest_marker("django_db") is not None:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def redis_layer(
    redis_server_factory: Callable[[], RedisServer], request: pytest.FixtureRequest
) -> Iterator[RedisServer]:
    server = redis_server_factory()
    config = redis_channel_layer(server.url, prefix=f"chanx-faults-{id(request)}")
    channel_layers.backends.clear()
    with override_settings(CHANNEL_LAYERS={"default": config}):
        yield server
    channel_layers.backends.clear()
