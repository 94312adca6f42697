"""Per-action handler tables with an inbox for messages nobody handles."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from chanx.client.errors import RequestTimeout
from chanx.client.logging import get_logger

__all__ = ["Handler", "HandlerTable"]

M = TypeVar("M")
#: A message handler: a plain function or a coroutine function taking the message.
Handler = Callable[[M], Awaitable[None] | None]

_logger = get_logger()


class HandlerTable(Generic[M]):
    """Handlers registered per ``action``; unhandled messages queue in :attr:`inbox`."""

    def __init__(self, inbox_size: int = 1000) -> None:
        self._handlers: dict[str, list[Handler[Any]]] = {}
        #: Messages no handler took, oldest dropped first beyond ``inbox_size``.
        self.inbox: asyncio.Queue[M] = asyncio.Queue(maxsize=inbox_size)

    def add(self, action: str, handler: Handler[Any]) -> Callable[[], None]:
        """Register ``handler`` for ``action``; returns a function that removes it."""
        self._handlers.setdefault(action, []).append(handler)

        def remove() -> None:
            handlers = self._handlers.get(action, [])
            if handler in handlers:
                handlers.remove(handler)

        return remove

    async def dispatch(self, action: str, message: M) -> None:
        """Call the handlers of ``action`` in order, or queue the message in the inbox."""
        handlers = list(self._handlers.get(action, ()))
        if not handlers:
            if self.inbox.full():
                self.inbox.get_nowait()
                _logger.warning("chanx.client.inbox_overflow", action=action)
            self.inbox.put_nowait(message)
            return
        for handler in handlers:
            try:
                result = handler(message)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                _logger.exception("chanx.client.handler_failed", action=action)

    async def receive(self, timeout: float | None = None) -> M:
        """The next message no handler took (raises :class:`RequestTimeout`)."""
        try:
            async with asyncio.timeout(timeout):
                return await self.inbox.get()
        except TimeoutError:
            raise RequestTimeout(f"no message within {timeout}s") from None
