"""channels-redis' layer, counting messages dropped because a channel was full.

The backend of :func:`chanx.channels.layers.redis_channel_layer`; its own module so
that importing ``chanx.channels.layers`` does not need channels-redis.
"""

from __future__ import annotations

from channels.exceptions import ChannelFull
from channels_redis.core import RedisChannelLayer as ChannelsRedisChannelLayer

from chanx.core.overflow import CountingLayerMixin

__all__ = ["RedisChannelLayer"]


class RedisChannelLayer(CountingLayerMixin, ChannelsRedisChannelLayer):  # type: ignore[misc]
    """channels-redis' ``RedisChannelLayer`` with ``chanx_overflow`` (see
    :mod:`chanx.core.overflow`)."""

    channel_full_error = ChannelFull
