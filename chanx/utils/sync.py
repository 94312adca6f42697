"""Calling async chanx APIs from sync code without an integration's helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

__all__ = ["run_sync"]


def run_sync(func: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
    """Run ``func(*args)`` to completion on a fresh event loop.

    Raises ``RuntimeError`` when called from a thread that is running an event loop:
    blocking it would deadlock, so ``await`` the async variant there instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(func(*args))
        return
    raise RuntimeError(
        f"{getattr(func, '__qualname__', func)!s}: the _sync variant was called from a running "
        "event loop; await the async method instead"
    )
