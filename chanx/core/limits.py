"""Per-connection limits: the rate-limit token bucket, idle tracking, JSON nesting depth.

* :func:`parse_rate_limit` reads ``"100/10s"``-style strings (``<count>/<period>``,
  the period a unit ``s``/``m``/``h``/``d`` optionally preceded by a number).
* :class:`ConnectionGuard` is the per-connection state the receive path consults when
  a rate limit or an idle timeout is configured: one token bucket (full at connect,
  refilled continuously), the number of consecutive rate-limited frames, and the time
  of the last client frame. Connections without those limits have no guard at all.
* :func:`json_too_deep` answers whether raw JSON text nests deeper than a limit without
  parsing it: a frame with no more ``[``/``{`` than the limit cannot be too deep (two
  ``str.count`` calls, well under a microsecond for typical frames); only frames with
  more brackets have their strings dropped and their bracket nesting measured, with
  C-level bytes operations (roughly as fast as parsing the frame once).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import sub

__all__ = [
    "ConnectionGuard",
    "RateLimit",
    "TokenBucket",
    "json_too_deep",
    "parse_rate_limit",
]

Clock = Callable[[], float]

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_RATE = re.compile(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?|\.\d+)?\s*([smhd])\s*", re.ASCII)


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``count`` frames per ``period`` seconds (the bucket holds ``count`` tokens)."""

    count: int
    period: float

    def __str__(self) -> str:
        return f"{self.count}/{self.period:g}s"


def parse_rate_limit(value: object) -> RateLimit:
    """Parse ``"100/10s"``, ``"5/s"``, ``"60/m"``, ``"1000/1h"``... into a :class:`RateLimit`.

    Raises ``ValueError`` with the accepted format for anything else (including a zero
    count or period).
    """
    if isinstance(value, RateLimit):
        return value
    match = _RATE.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        count = int(match.group(1))
        period = float(match.group(2) or 1) * _UNITS[match.group(3)]
        if count > 0 and period > 0:
            return RateLimit(count, period)
    raise ValueError(
        f"Invalid rate limit {value!r}: expected '<count>/<period>' with a positive count "
        "and a period such as 's', '10s', '0.5s', 'm', '5m', 'h' or 'd' (e.g. '100/10s')"
    )


class TokenBucket:
    """``capacity`` tokens, refilled at ``capacity / period`` tokens per second."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, limit: RateLimit, now: float) -> None:
        self.capacity = float(limit.count)
        self.rate = limit.count / limit.period
        self.tokens = self.capacity
        self.stamp = now

    def take(self, now: float) -> bool:
        """Spend one token if there is one (after refilling for the time since last call)."""
        tokens = self.tokens + (now - self.stamp) * self.rate
        if tokens > self.capacity:
            tokens = self.capacity
        self.stamp = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return True
        self.tokens = tokens
        return False


class ConnectionGuard:
    """Rate-limit and idle state of one connection (only built when either is on)."""

    __slots__ = ("bucket", "clock", "last_frame", "strikes")

    def __init__(self, rate_limit: RateLimit | None, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        now = clock()
        self.bucket = TokenBucket(rate_limit, now) if rate_limit is not None else None
        self.last_frame = now
        #: Consecutive rate-limited frames (reset by every admitted frame).
        self.strikes = 0

    def admit(self) -> bool:
        """Record a client frame; ``False`` when the rate limit refuses it."""
        now = self.clock()
        self.last_frame = now
        bucket = self.bucket
        if bucket is None or bucket.take(now):
            self.strikes = 0
            return True
        self.strikes += 1
        return False

    def idle_for(self) -> float:
        """Seconds since the last client frame (or since the connection opened)."""
        return self.clock() - self.last_frame


_ESCAPE = re.compile(rb"\\.", re.DOTALL)
#: Opening brackets become 2, closing ones 0 (minus one: +1/-1); everything else is deleted.
_DELTAS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKET = bytes(c for c in range(256) if c not in b"[]{}")


def json_too_deep(text: str, limit: int) -> bool:
    """Whether the arrays/objects of JSON ``text`` nest more than ``limit`` levels.

    Brackets inside strings do not count. Malformed text is judged by its brackets'
    nesting (opening brackets not yet closed); anything else is left to the parser.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    raw = text.encode("utf-8", "surrogatepass")
    if b"\\" in raw:  # escapes only occur inside strings: drop them, quotes included
        raw = _ESCAPE.sub(b"", raw)
    if b'"' in raw:  # what is left between the n-th and (n+1)-th quote, n odd, is a string
        raw = b"".join(raw.split(b'"')[::2])
    deltas = raw.translate(_DELTAS, _NOT_BRACKET)
    if deltas.count(2) <= limit:
        return False
    if b"\x02" * (limit + 1) in deltas:
        return True
    deepest: int = max(accumulate(map(sub, deltas, repeat(1))))
    return deepest > limit
