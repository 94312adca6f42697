"""Unit tests of chanx.core.limits: rate-limit strings, the token bucket, nesting depth."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chanx.constants import DEFAULT_MAX_JSON_DEPTH, DEFAULT_RATE_LIMIT_CLOSE_AFTER
from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.limits import (
    ConnectionGuard,
    RateLimit,
    TokenBucket,
    json_too_deep,
    parse_rate_limit,
)
from chanx.core.protocols import MISSING
from chanx.core.settings import resolve_settings

# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "count", "period"),
    [
        ("100/10s", 100, 10.0),
        ("5/s", 5, 1.0),
        ("5/1s", 5, 1.0),
        ("60/m", 60, 60.0),
        ("60/5m", 60, 300.0),
        ("1000/h", 1000, 3600.0),
        ("10000/d", 10000, 86400.0),
        ("3/0.5s", 3, 0.5),
        (" 7 / 2 s ", 7, 2.0),
    ],
)
def test_parse_rate_limit(text: str, count: int, period: float) -> None:
    assert parse_rate_limit(text) == RateLimit(count, period)


@pytest.mark.parametrize(
    "text", ["", "100", "100/", "/10s", "0/s", "5/0s", "-1/s", "5/10", "5/10x", "a/s", "5/s/s"]
)
def test_invalid_rate_limit_raises_clear_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"Invalid rate limit .*'100/10s'"):
        parse_rate_limit(text)


def test_non_string_rate_limit_raises_value_error() -> None:
    with pytest.raises(ValueError, match="Invalid rate limit 5"):
        parse_rate_limit(5)


def test_rate_limit_round_trips_through_str() -> None:
    limit = parse_rate_limit("100/10s")
    assert str(limit) == "100/10s"
    assert parse_rate_limit(str(limit)) == limit
    assert parse_rate_limit(limit) is limit


# --------------------------------------------------------------------------- token bucket


def test_bucket_starts_full_then_refuses() -> None:
    bucket = TokenBucket(RateLimit(3, 1.0), now=0.0)
    assert [bucket.take(0.0) for _ in range(4)] == [True, True, True, False]


def test_bucket_refills_continuously_up_to_capacity() -> None:
    bucket = TokenBucket(RateLimit(10, 10.0), now=0.0)  # one token per second
    for _ in range(10):
        assert bucket.take(0.0)
    assert not bucket.take(0.5)  # half a token
    assert bucket.take(1.0)  # 1.0 token by now
    assert not bucket.take(1.0)
    # A long pause refills to capacity, not beyond.
    assert sum(bucket.take(1000.0) for _ in range(20)) == 10


def test_refused_takes_do_not_consume_tokens() -> None:
    bucket = TokenBucket(RateLimit(1, 1.0), now=0.0)
    assert bucket.take(0.0)
    for step in range(9):
        assert not bucket.take(step / 10)
    assert bucket.take(1.0)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_guard_counts_consecutive_refusals_and_resets_on_admit() -> None:
    clock = FakeClock()
    guard = ConnectionGuard(RateLimit(2, 1.0), clock=clock)
    assert guard.admit()
    assert guard.admit()
    assert not guard.admit()
    assert not guard.admit()
    assert guard.strikes == 2
    clock.now += 0.5  # one token back
    assert guard.admit()
    assert guard.strikes == 0


def test_guard_tracks_idle_time_without_a_rate_limit() -> None:
    clock = FakeClock()
    guard = ConnectionGuard(None, clock=clock)
    assert guard.bucket is None
    clock.now += 3
    assert guard.idle_for() == 3
    assert all(guard.admit() for _ in range(1000))
    assert guard.idle_for() == 0


# --------------------------------------------------------------------------- nesting depth


def nested(depth: int, kind: str = "[") -> str:
    close = "]" if kind == "[" else "}"
    inner = "1" if kind == "[" else ""
    if kind == "{":
        text = "{}"
        for _ in range(depth - 1):
            text = '{"a":' + text + "}"
        return text
    return kind * depth + inner + close * depth


@pytest.mark.parametrize("kind", ["[", "{"])
def test_depth_limit_is_inclusive(kind: str) -> None:
    assert not json_too_deep(nested(32, kind), 32)
    assert json_too_deep(nested(33, kind), 32)


def test_mixed_nesting() -> None:
    text = json.dumps({"a": [{"b": [[{"c": 1}]]}]})  # depth 6
    assert not json_too_deep(text, 6)
    assert json_too_deep(text, 5)


def test_wide_but_shallow_documents_pass() -> None:
    items = [{"id": i, "tags": ["a", {"x": [1]}]} for i in range(2000)]
    text = json.dumps({"action": "bulk", "payload": {"items": items}})  # depth 7
    assert not json_too_deep(text, 7)
    assert json_too_deep(text, 6)


@pytest.mark.parametrize(
    "value",
    [
        "[[[[[[[[[[[[",
        "]]]]]]]]]]]]{{{{{{{{",
        '[[[[\\"[[[[[[[[',
        'x\\\\"[[[[[[[[[[',
    ],
)
def test_brackets_inside_strings_do_not_count(value: str) -> None:
    text = json.dumps({"action": "echo", "payload": {"message": value}})
    assert json.loads(text)["payload"]["message"] == value
    assert not json_too_deep(text, 2)


def test_strings_cannot_hide_real_nesting() -> None:
    # Closing brackets inside strings must not cancel real opening ones.
    text = "[" * 5 + json.dumps("]]]]]") + "]" * 5
    assert json_too_deep(text, 4)
    assert not json_too_deep(text, 5)


def test_non_ascii_and_escapes() -> None:
    payload: Any = {"m": 'é ✓ \u2028 \\ " [', "n": [[["ü"]]]}
    text = json.dumps(payload, ensure_ascii=False)
    assert not json_too_deep(text, 4)
    assert json_too_deep(text, 3)
    assert json_too_deep(json.dumps(payload), 3)  # \\uXXXX escapes


def test_unterminated_opening_brackets_count_as_nesting() -> None:
    assert json_too_deep("[" * 100, 32)
    assert not json_too_deep("[]" * 100, 32)  # not JSON, but shallow: left to the parser
    assert not json_too_deep("]" * 100, 32)


def test_deep_nesting_after_a_long_shallow_prefix() -> None:
    text = "[" + "[]," * 10_000 + nested(40) + "]"
    assert json_too_deep(text, 32)
    assert not json_too_deep(text, 41)


# --------------------------------------------------------------------------- settings


class FakeSource:
    def __init__(self, **values: Any) -> None:
        self.values = dict(values)

    def get(self, key: str) -> Any:
        return self.values.get(key, MISSING)


def _consumer(source: FakeSource, **attrs: Any) -> type[ChanxConsumerMixin[Any]]:
    base = type("SourcedConsumer", (ChanxConsumerMixin,), {"settings_source": source})
    return type("Consumer", (base,), attrs)


def test_limit_defaults() -> None:
    resolved = resolve_settings(_consumer(FakeSource()))
    assert resolved.rate_limit is None
    assert resolved.rate_limit_close_after == DEFAULT_RATE_LIMIT_CLOSE_AFTER == 10
    assert resolved.max_json_depth == DEFAULT_MAX_JSON_DEPTH == 32
    assert resolved.idle_timeout is None


def test_limits_from_the_source_and_class() -> None:
    source = FakeSource(
        RATE_LIMIT="60/m", RATE_LIMIT_CLOSE_AFTER=3, MAX_JSON_DEPTH=None, IDLE_TIMEOUT=30
    )
    resolved = resolve_settings(_consumer(source))
    assert resolved.rate_limit == RateLimit(60, 60.0)
    assert resolved.rate_limit_close_after == 3
    assert resolved.max_json_depth is None
    assert resolved.idle_timeout == 30.0
    pinned = resolve_settings(_consumer(source, rate_limit=None, idle_timeout=0.5))
    assert (pinned.rate_limit, pinned.idle_timeout) == (None, 0.5)


def test_invalid_rate_limit_on_the_class_fails_at_class_creation() -> None:
    with pytest.raises(ValueError, match=r"Consumer\.rate_limit: Invalid rate limit '5 per s'"):
        _consumer(FakeSource(), rate_limit="5 per s")


def test_invalid_rate_limit_from_the_source_fails_when_resolved() -> None:
    consumer = _consumer(FakeSource(RATE_LIMIT="fast"))
    with pytest.raises(ValueError, match=r"Consumer\.rate_limit: Invalid rate limit 'fast'"):
        resolve_settings(consumer)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("rate_limit_close_after", 0),
        ("rate_limit_close_after", None),
        ("max_json_depth", 0),
        ("max_json_depth", 2.5),
        ("idle_timeout", 0),
        ("idle_timeout", -1),
        ("idle_timeout", "5"),
        ("idle_timeout", True),
    ],
    ids=repr,
)
def test_invalid_limit_values(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=name):
        resolve_settings(_consumer(FakeSource(), **{name: value}))


def test_no_guard_when_rate_limit_and_idle_timeout_are_off() -> None:
    consumer = _consumer(FakeSource())
    assert consumer().chanx_guard is None
    assert _consumer(FakeSource(), idle_timeout=5)().chanx_guard is not None
    guard = _consumer(FakeSource(), rate_limit="2/s")().chanx_guard
    assert guard is not None
    assert guard.bucket is not None
