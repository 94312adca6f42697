"""fast-channels' Redis layer, counting messages dropped because a channel was full.

Built by :func:`chanx.fast_channels.layers.redis_channel_layer`; its own module so
that importing ``chanx.fast_channels.layers`` does not need redis-py.
"""

from __future__ import annotations

from fast_channels.exceptions import ChannelFull
from fast_channels.layers.redis import RedisChannelLayer as FastRedisChannelLayer

from chanx.core.overflow import CountingLayerMixin

__all__ = ["RedisChannelLayer"]


class RedisChannelLayer(CountingLayerMixin, FastRedisChannelLayer):  # type: ignore[misc]
    """fast-channels' ``RedisChannelLayer`` with ``chanx_overflow`` (see
    :mod:`chanx.core.overflow`)."""

    channel_full_error = ChannelFull
