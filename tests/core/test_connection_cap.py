"""``chanx.core.connection_cap``: the per-class user connection table and user keys."""

from __future__ import annotations

from dataclasses import dataclass

from chanx.core.connection_cap import UserConnections, user_key


def test_acquire_up_to_the_limit_and_release() -> None:
    table = UserConnections()
    assert table.acquire("alice", 2)
    assert table.acquire("alice", 2)
    assert not table.acquire("alice", 2)
    assert table.acquire("bob", 2)
    table.release("alice")
    assert table.count("alice") == 1
    assert table.acquire("alice", 2)
    for _ in range(3):
        table.release("alice")  # extra releases never go negative
    table.release("bob")
    assert len(table) == 0


@dataclass(frozen=True)
class Plain:
    name: str


@dataclass
class Unhashable:
    name: str


class Anonymous:
    is_anonymous = True
    is_authenticated = False
    pk = None


class Model:
    is_anonymous = False
    is_authenticated = True

    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_user_keys() -> None:
    assert user_key(None) is None
    assert user_key(Anonymous()) is None
    assert user_key(Model(7)) == user_key(Model(7)) == ("Model", 7)
    assert user_key(Plain("a")) == Plain("a")
    assert user_key(Unhashable("a")) is None
