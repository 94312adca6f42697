"""Django settings of the fan-out server: chanx's in-memory layer with its defaults, or
the capacity in ``CHANX_FANOUT_CAPACITY``."""

from __future__ import annotations

import os

from chanx.channels.layers import in_memory_channel_layer
from tests.django_settings import *  # noqa: F403

_CAPACITY = os.environ.get("CHANX_FANOUT_CAPACITY")
CHANNEL_LAYERS = {
    "default": in_memory_channel_layer(int(_CAPACITY)) if _CAPACITY else in_memory_channel_layer()
}
