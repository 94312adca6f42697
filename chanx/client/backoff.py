"""Reconnect delays: exponential backoff with full jitter."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Backoff"]


@dataclass
class Backoff:
    """Delays between reconnect attempts.

    Attempt ``n`` (from 0) waits a random time in ``[initial * factor**n / 2,
    initial * factor**n]``, capped at ``maximum``; :meth:`reset` after a successful
    connection starts over.
    """

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    attempt: int = field(default=0, init=False)

    def next_delay(self) -> float:
        """The delay before the next attempt (and count the attempt)."""
        ceiling = min(self.maximum, self.initial * self.factor**self.attempt)
        self.attempt += 1
        return random.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        """Start over after a successful connection."""
        self.attempt = 0
