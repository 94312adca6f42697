"""The sandbox's channel layer: Redis when configured, else in-memory."""

from __future__ import annotations

from fast_channels.layers import (
    BaseChannelLayer,
    register_channel_layer,
    unregister_channel_layer,
)

from chanx.fast_channels.layers import in_memory_channel_layer, redis_channel_layer
from sandbox_fastapi.settings import REDIS_PREFIX, Settings

__all__ = ["close_channel_layer", "setup_channel_layer"]

ALIAS = "default"


def setup_channel_layer(settings: Settings) -> BaseChannelLayer:
    """Build the layer for ``settings`` and register it as ``"default"``."""
    layer: BaseChannelLayer
    if settings.redis_url:
        layer = redis_channel_layer(settings.redis_url, prefix=f"{REDIS_PREFIX}:layer")
    else:
        layer = in_memory_channel_layer()
    register_channel_layer(ALIAS, layer)
    return layer


async def close_channel_layer(layer: BaseChannelLayer) -> None:
    """Unregister ``layer`` and close its Redis connections, if any."""
    unregister_channel_layer(ALIAS)
    close_pools = getattr(layer, "close_pools", None)
    if close_pools is not None:
        await close_pools()
