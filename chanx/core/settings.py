"""Consumer settings: class attribute > integration setting > built-in default.

Each setting is a descriptor on the core consumer. A subclass that assigns the
attribute replaces the descriptor and wins; otherwise the descriptor asks the
integration's :class:`~chanx.core.protocols.SettingsSource` at run time, so Django's
``override_settings`` takes effect. A connection resolves them into a
:class:`ResolvedSettings` once, when it opens, never per message.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, overload

from chanx.core.limits import RateLimit, parse_rate_limit
from chanx.core.protocols import MISSING, SettingsSource

__all__ = ["EMPTY_SOURCE", "ResolvedSettings", "consumer_setting", "resolve_settings"]

T = TypeVar("T")


class _EmptySource:
    def get(self, key: str) -> Any:
        return MISSING


#: Settings source of an integration without settings: every key takes its default.
EMPTY_SOURCE: SettingsSource = _EmptySource()


class ConsumerSetting(Generic[T]):
    """Descriptor resolving a setting from the owner's ``settings_source`` at run time."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> T: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...
    def __get__(self, obj: object | None, owner: type) -> T:
        source: SettingsSource = getattr(owner, "settings_source", EMPTY_SOURCE)
        value = source.get(self.key)
        return self.default if value is MISSING else cast(T, value)


def consumer_setting(key: str, default: T) -> T:
    """Declare a setting attribute; typed as its value so subclasses may assign plain values."""
    return cast(T, ConsumerSetting(key, default))


@dataclass(frozen=True, slots=True)
class ResolvedSettings:
    """The settings one connection runs with."""

    send_completion: bool
    send_message_immediately: bool
    send_authentication_message: bool
    camelize: bool
    log_websocket_message: bool
    log_ignored_actions: frozenset[str]
    max_message_size: int
    max_concurrent_handlers: int
    rate_limit: RateLimit | None
    rate_limit_close_after: int
    max_json_depth: int | None
    idle_timeout: float | None
    max_topic_subscriptions: int
    max_connections_per_user: int | None


def resolve_settings(cls: type) -> ResolvedSettings:
    """Read every setting of ``cls`` now (class attribute > integration setting > default)."""

    def read(name: str) -> Any:
        return getattr(cls, name)

    return _shared(
        ResolvedSettings(
            send_completion=bool(read("send_completion")),
            send_message_immediately=bool(read("send_message_immediately")),
            send_authentication_message=bool(read("send_authentication_message")),
            camelize=bool(read("camelize")),
            log_websocket_message=bool(read("log_websocket_message")),
            log_ignored_actions=_frozen(tuple(cast(Sequence[str], read("log_ignored_actions")))),
            max_message_size=_positive_int(cls, "max_message_size"),
            max_concurrent_handlers=_positive_int(cls, "max_concurrent_handlers"),
            rate_limit=_rate_limit(cls, read("rate_limit")),
            rate_limit_close_after=_positive_int(cls, "rate_limit_close_after"),
            max_json_depth=_optional_positive_int(cls, "max_json_depth"),
            idle_timeout=_optional_positive_number(cls, "idle_timeout"),
            max_topic_subscriptions=_positive_int(cls, "max_topic_subscriptions"),
            max_connections_per_user=_optional_positive_int(cls, "max_connections_per_user"),
        )
    )


@functools.lru_cache(maxsize=64)
def _shared(settings: ResolvedSettings) -> ResolvedSettings:
    """One object per distinct set of values: connections with equal settings share it."""
    return settings


@functools.lru_cache(maxsize=64)
def _frozen(values: tuple[str, ...]) -> frozenset[str]:
    """One shared frozenset per distinct value (connections share their settings' sets)."""
    return frozenset(values)


def _positive_int(cls: type, name: str) -> int:
    value = getattr(cls, name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{cls.__name__}.{name} must be a positive integer, got {value!r}")
    return value


def _optional_positive_int(cls: type, name: str) -> int | None:
    if getattr(cls, name) is None:
        return None
    return _positive_int(cls, name)


def _optional_positive_number(cls: type, name: str) -> float | None:
    value = getattr(cls, name)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
        raise ValueError(f"{cls.__name__}.{name} must be a positive number or None, got {value!r}")
    return float(value)


def _rate_limit(cls: type, value: Any) -> RateLimit | None:
    if value is None:
        return None
    try:
        return parse_rate_limit(value)
    except ValueError as exc:
        raise ValueError(f"{cls.__name__}.rate_limit: {exc}") from None
