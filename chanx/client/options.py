"""Constructor options shared by every generated client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Literal, TypedDict

from chanx.client.backoff import Backoff

__all__ = ["ClientOptions", "HeadersOption"]

#: Handshake headers: a mapping, or a sync/async callable called for every connection.
HeadersOption = (
    Mapping[str, str] | Callable[[], Mapping[str, str] | Awaitable[Mapping[str, str]]] | None
)


class ClientOptions(TypedDict, total=False):
    """Keyword options of every generated client's constructor (see ``BaseClient``)."""

    headers: HeadersOption
    query: Mapping[str, str] | None
    origin: str | None
    reconnect: bool
    backoff: Backoff | None
    request_timeout: float
    open_timeout: float
    max_size: int | None
    proxy: str | Literal[True] | None
