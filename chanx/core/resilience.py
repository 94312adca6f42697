"""Surviving a channel-layer outage on the receive side.

A consumer reads its channel-layer messages with the layer's ``receive(channel)``.
channels-redis and fast-channels' Redis layer raise redis-py's ``ConnectionError`` from
it when the server goes away, and the framework's dispatch loop would let that end the
consumer (the websocket closes with 1011). :class:`ResilientReceive` wraps the layer's
receive instead:

* a *transient* error (:func:`transient_layer_errors`) starts an outage: it is logged
  once (``chanx.layer.receive_failed``, the error type and message, never a payload);
* the connection stays open and keeps answering client frames; the receive retries
  after a bounded exponential backoff with jitter (:class:`Backoff`);
* before each retry the ``recover`` callback runs (the consumer re-joins its groups,
  which a restarted Redis has forgotten); once it reaches the layer, or a message
  arrives, the outage ends with ``chanx.layer.recovered``.

Any other exception propagates as before; cancellation passes through untouched.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from chanx.core.errors import ChannelLayerUnavailable
from chanx.utils.redis import redis_connection_errors

if TYPE_CHECKING:
    import structlog

__all__ = ["Backoff", "ResilientReceive", "transient_layer_errors"]

Receive = Callable[[], Awaitable[dict[str, Any]]]
#: Re-establish layer state after an outage; returns how many layer calls it made
#: (0 means it could not tell whether the layer is back).
Recover = Callable[[], Awaitable[int]]
Sleep = Callable[[float], Awaitable[None]]


@cache
def transient_layer_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "the layer is unreachable right now", not "chanx has a bug".

    ``OSError`` (so the built-in ``ConnectionError`` and ``TimeoutError``),
    :class:`~chanx.core.errors.ChannelLayerUnavailable`, and redis-py's connection and
    timeout errors when redis-py is installed.
    """
    return (OSError, ChannelLayerUnavailable, *redis_connection_errors())


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter: attempt ``n`` waits ``initial * factor**(n-1)``
    seconds, capped at ``maximum``, times a random factor in ``[1 - jitter, 1]``."""

    initial: float = 0.1
    maximum: float = 5.0
    factor: float = 2.0
    jitter: float = 0.5

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        base = min(self.maximum, self.initial * self.factor ** max(0, attempt - 1))
        return base * (1.0 - self.jitter * random.random())


class ResilientReceive:
    """A channel-layer ``receive`` that rides out outages (see the module docstring).

    ``outages`` counts the outages seen; ``down`` tells whether one is in progress.
    """

    __slots__ = (
        "_attempt",
        "_down_since",
        "_log",
        "_receive",
        "_recover",
        "_sleep",
        "backoff",
        "down",
        "outages",
        "transient",
    )

    def __init__(
        self,
        receive: Receive,
        recover: Recover,
        log: Callable[[], structlog.stdlib.BoundLogger],
        *,
        transient: tuple[type[BaseException], ...] | None = None,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._receive = receive
        self._recover = recover
        self._log = log
        self._sleep = sleep
        self.transient = transient if transient is not None else transient_layer_errors()
        self.backoff = backoff if backoff is not None else Backoff()
        self.down = False
        self.outages = 0
        self._down_since = 0.0
        self._attempt = 0

    async def __call__(self) -> dict[str, Any]:
        """The next message of the channel, however long the layer is away."""
        while True:
            try:
                message = await self._receive()
            except self.transient as exc:
                await self._ride_out(exc)
                continue
            if self.down:
                self._recovered(via="message", rejoined=0)
            return message

    async def _ride_out(self, error: BaseException) -> None:
        """Log the outage (once), then back off until ``recover`` gets through."""
        if not self.down:
            self.down = True
            self.outages += 1
            self._down_since = time.monotonic()
            self._log().warning(
                "chanx.layer.receive_failed",
                error=type(error).__name__,
                detail=str(error)[:200],
            )
        while True:  # the attempt count survives retries of a still-failing receive
            self._attempt += 1
            await self._sleep(self.backoff.delay(self._attempt))
            try:
                rejoined = await self._recover()
            except self.transient:
                continue
            if rejoined:
                self._recovered(via="rejoin", rejoined=rejoined)
            return

    def _recovered(self, *, via: str, rejoined: int) -> None:
        self.down = False
        self._attempt = 0
        self._log().info(
            "chanx.layer.recovered",
            via=via,
            rejoined_groups=rejoined,
            outage_seconds=round(time.monotonic() - self._down_since, 3),
        )
