"""Setting precedence: class attribute > settings source > built-in default."""

from __future__ import annotations

from typing import Any

import pytest

from chanx.constants import DEFAULT_MAX_CONCURRENT_HANDLERS, DEFAULT_MAX_MESSAGE_SIZE
from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.protocols import MISSING
from chanx.core.settings import EMPTY_SOURCE, consumer_setting, resolve_settings


class FakeSource:
    """A settings source backed by a dict, changeable while tests run."""

    def __init__(self, **values: Any) -> None:
        self.values = dict(values)

    def get(self, key: str) -> Any:
        return self.values.get(key, MISSING)


# --------------------------------------------------------------------------- plain hierarchy


def _plain_hierarchy(source: FakeSource) -> tuple[type, type, type]:
    class Base:
        settings_source = source
        greeting: str = consumer_setting("GREETING", "hello")
        retries: int = consumer_setting("RETRIES", 3)

    class Child(Base):
        pass

    class Pinned(Child):
        greeting = "pinned"

    return Base, Child, Pinned


def test_default_when_source_has_no_value() -> None:
    base, child, _ = _plain_hierarchy(FakeSource())
    assert base.greeting == "hello"  # type: ignore[attr-defined]
    assert child.retries == 3  # type: ignore[attr-defined]
    assert base().greeting == "hello"


def test_source_beats_default() -> None:
    base, child, _ = _plain_hierarchy(FakeSource(GREETING="from source", RETRIES=7))
    assert base.greeting == "from source"  # type: ignore[attr-defined]
    assert child().greeting == "from source"
    assert child.retries == 7  # type: ignore[attr-defined]


def test_class_attribute_beats_source() -> None:
    _, _, pinned = _plain_hierarchy(FakeSource(GREETING="from source", RETRIES=7))
    assert pinned.greeting == "pinned"  # type: ignore[attr-defined]
    assert pinned().greeting == "pinned"
    # attributes the class does not pin still come from the source
    assert pinned.retries == 7  # type: ignore[attr-defined]


def test_source_is_read_at_run_time() -> None:
    source = FakeSource()
    base, _, pinned = _plain_hierarchy(source)
    assert base.greeting == "hello"  # type: ignore[attr-defined]
    source.values["GREETING"] = "changed"
    assert base.greeting == "changed"  # type: ignore[attr-defined]
    assert pinned.greeting == "pinned"  # type: ignore[attr-defined]
    del source.values["GREETING"]
    assert base.greeting == "hello"  # type: ignore[attr-defined]


def test_falsy_source_values_are_not_treated_as_missing() -> None:
    base, _, _ = _plain_hierarchy(FakeSource(GREETING="", RETRIES=0))
    assert base.greeting == ""  # type: ignore[attr-defined]
    assert base.retries == 0  # type: ignore[attr-defined]


def test_subclass_may_swap_the_source() -> None:
    base, _, _ = _plain_hierarchy(FakeSource(GREETING="first"))

    class OtherSource(base):  # type: ignore[misc, valid-type]
        settings_source = FakeSource(GREETING="second")

    assert base.greeting == "first"  # type: ignore[attr-defined]
    assert OtherSource.greeting == "second"


def test_class_without_source_uses_defaults() -> None:
    class NoSource:
        flag: bool = consumer_setting("FLAG", False)

    assert NoSource.flag is False
    assert EMPTY_SOURCE.get("FLAG") is MISSING


# --------------------------------------------------------------------------- resolve_settings


def _consumer(source: FakeSource, **attrs: Any) -> type[ChanxConsumerMixin[Any]]:
    base = type("SourcedConsumer", (ChanxConsumerMixin,), {"settings_source": source})
    return type("Consumer", (base,), attrs)


def test_resolve_settings_defaults() -> None:
    resolved = resolve_settings(_consumer(FakeSource()))
    assert resolved.send_completion is False
    assert resolved.send_message_immediately is True
    assert resolved.send_authentication_message is True
    assert resolved.camelize is False
    assert resolved.log_websocket_message is False
    assert resolved.log_ignored_actions == frozenset()
    assert resolved.max_message_size == DEFAULT_MAX_MESSAGE_SIZE == 1024 * 1024
    assert resolved.max_concurrent_handlers == DEFAULT_MAX_CONCURRENT_HANDLERS == 16


def test_resolve_settings_reads_the_source() -> None:
    source = FakeSource(
        SEND_COMPLETION=True,
        SEND_MESSAGE_IMMEDIATELY=False,
        SEND_AUTHENTICATION_MESSAGE=False,
        CAMELIZE=True,
        LOG_WEBSOCKET_MESSAGE=True,
        LOG_IGNORED_ACTIONS=["ping", "pong"],
        MAX_MESSAGE_SIZE=2048,
        MAX_CONCURRENT_HANDLERS=4,
    )
    resolved = resolve_settings(_consumer(source))
    assert resolved.send_completion is True
    assert resolved.send_message_immediately is False
    assert resolved.send_authentication_message is False
    assert resolved.camelize is True
    assert resolved.log_websocket_message is True
    assert resolved.log_ignored_actions == frozenset({"ping", "pong"})
    assert resolved.max_message_size == 2048
    assert resolved.max_concurrent_handlers == 4


def test_resolve_settings_class_attributes_beat_the_source() -> None:
    source = FakeSource(SEND_COMPLETION=True, CAMELIZE=True, MAX_CONCURRENT_HANDLERS=4)
    consumer = _consumer(source, send_completion=False, max_concurrent_handlers=1)
    resolved = resolve_settings(consumer)
    assert resolved.send_completion is False
    assert resolved.max_concurrent_handlers == 1
    assert resolved.camelize is True


def test_resolve_settings_snapshots_values() -> None:
    source = FakeSource(SEND_COMPLETION=False)
    consumer = _consumer(source)
    first = resolve_settings(consumer)
    source.values["SEND_COMPLETION"] = True
    assert first.send_completion is False
    assert resolve_settings(consumer).send_completion is True


@pytest.mark.parametrize("name", ["max_message_size", "max_concurrent_handlers"])
@pytest.mark.parametrize("value", [0, -5, True, 1.5, "10", None], ids=repr)
def test_resolve_settings_rejects_non_positive_ints_on_the_class(name: str, value: Any) -> None:
    consumer = _consumer(FakeSource(), **{name: value})
    with pytest.raises(ValueError, match=name):
        resolve_settings(consumer)


@pytest.mark.parametrize("key", ["MAX_MESSAGE_SIZE", "MAX_CONCURRENT_HANDLERS"])
def test_resolve_settings_rejects_non_positive_ints_from_the_source(key: str) -> None:
    with pytest.raises(ValueError, match=key.lower()):
        resolve_settings(_consumer(FakeSource(**{key: 0})))


def test_max_message_size_zero_raises_value_error() -> None:
    with pytest.raises(ValueError):
        resolve_settings(_consumer(FakeSource(), max_message_size=0))


def test_positive_ints_are_accepted() -> None:
    resolved = resolve_settings(
        _consumer(FakeSource(), max_message_size=1, max_concurrent_handlers=1)
    )
    assert (resolved.max_message_size, resolved.max_concurrent_handlers) == (1, 1)


def test_max_connections_per_user_precedence_and_validation() -> None:
    assert resolve_settings(_consumer(FakeSource())).max_connections_per_user is None
    source = FakeSource(MAX_CONNECTIONS_PER_USER=5)
    assert resolve_settings(_consumer(source)).max_connections_per_user == 5
    pinned = _consumer(source, max_connections_per_user=2)
    assert resolve_settings(pinned).max_connections_per_user == 2
    off = _consumer(source, max_connections_per_user=None)
    assert resolve_settings(off).max_connections_per_user is None
    with pytest.raises(ValueError, match="max_connections_per_user"):
        resolve_settings(_consumer(FakeSource(MAX_CONNECTIONS_PER_USER=0)))
