"""ASGI app served by uvicorn for the hostile-input suite.

The FastAPI test app (``tests.fast_channels.app``) with an in-memory channel layer
registered at import time: this module only ever runs inside the server subprocess.
"""

from __future__ import annotations

from fast_channels.layers import InMemoryChannelLayer, get_channel_layer, register_channel_layer

from tests.fast_channels.app import create_app

if get_channel_layer("default") is None:
    register_channel_layer("default", InMemoryChannelLayer())

app = create_app()
