"""FastAPI fan-out server (uvicorn subprocess): chanx's in-memory layer with its
defaults, or the capacity in ``CHANX_FANOUT_CAPACITY``."""

from __future__ import annotations

import os

import structlog
from fast_channels.layers import register_channel_layer
from fastapi import FastAPI

from chanx.fast_channels.layers import in_memory_channel_layer
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from tests.fan_out.handlers import FanOutHandlers

structlog.configure(
    processors=[structlog.processors.add_log_level, structlog.processors.JSONRenderer()]
)

_CAPACITY = os.environ.get("CHANX_FANOUT_CAPACITY")
register_channel_layer(
    "default", in_memory_channel_layer(int(_CAPACITY)) if _CAPACITY else in_memory_channel_layer()
)


class FanOutConsumer(FanOutHandlers, AsyncJsonWebsocketConsumer):
    pass


app = FastAPI()
app.router.add_websocket_route("/ws/fanout/", FanOutConsumer.as_asgi())
