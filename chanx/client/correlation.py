"""Requests waiting for the first frame that carries their ``ref``."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Mapping
from typing import Any

__all__ = ["PendingRequests"]


class _Pending:
    def __init__(self, accept: frozenset[str] | None) -> None:
        self.accept = accept
        self.future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()

    def wants(self, action: object) -> bool:
        return self.accept is None or action == "error" or action in self.accept


class PendingRequests:
    """Fresh ``ref`` values and the futures of the requests that used them.

    ``accept`` limits which actions answer a request (``error`` always does; ``None``:
    any frame carrying the ref), so e.g. a completion frame does not resolve it.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Pending] = {}
        self._counter = itertools.count(1)
        self._prefix = secrets.token_hex(3)

    def next_ref(self) -> str:
        """A correlation id unique for this client."""
        return f"{self._prefix}-{next(self._counter)}"

    def add(self, ref: str, accept: frozenset[str] | None) -> asyncio.Future[dict[str, Any]]:
        """Register a request; its future gets the answering frame."""
        entry = _Pending(accept)
        self._entries[ref] = entry
        return entry.future

    def discard(self, ref: str) -> None:
        """Forget a request (answered, timed out or failed to send)."""
        self._entries.pop(ref, None)

    def resolve(self, frame: Mapping[str, Any]) -> bool:
        """Hand ``frame`` to the request it answers; False when it answers none."""
        ref = frame.get("ref")
        entry = self._entries.get(ref) if isinstance(ref, str) else None
        if entry is None or not entry.wants(frame.get("action")):
            return False
        del self._entries[str(ref)]
        if not entry.future.done():
            entry.future.set_result(dict(frame))
        return True

    def fail_all(self, error: BaseException) -> None:
        """Fail every waiting request (the connection closed)."""
        entries, self._entries = self._entries, {}
        for entry in entries.values():
            if not entry.future.done():
                entry.future.set_exception(error)
