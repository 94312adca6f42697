"""Reject websocket handshakes from foreign ``Origin``\\ s (cross-site websocket hijacking).

Browsers always send ``Origin`` on websocket handshakes and do not apply the same-origin
policy to websockets, so any page could otherwise open a connection with the visitor's
cookies. A handshake whose ``Origin`` host is not allowed is refused before ``accept``
(the server answers HTTP 403). Handshakes *without* ``Origin`` come from non-browser
clients and pass unless ``allow_missing=False`` (Django's ``AllowedHostsOriginValidator``
refuses them); HTTP requests are untouched::

    app.add_middleware(OriginCheckMiddleware, allowed_hosts=["example.com", ".example.com"])
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["OriginCheckMiddleware", "origin_allowed"]


def origin_allowed(origin: str, allowed_hosts: Iterable[str]) -> bool:
    """Whether ``origin`` (``scheme://host[:port]``) names an allowed host.

    Entries are host names (``localhost``), ``.example.com`` for a domain and its
    subdomains, or ``*`` for any origin. The literal ``null`` origin is never allowed.
    """
    try:
        host = (urlsplit(origin).hostname or "").lower()
    except ValueError:
        return False
    if not host:
        return False
    for entry in allowed_hosts:
        pattern = entry.strip().lower().strip("[]")
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith(".") and (host == pattern[1:] or host.endswith(pattern)):
            return True
    return False


class OriginCheckMiddleware:
    """ASGI middleware: close websocket handshakes from foreign origins (HTTP 403)."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Iterable[str], *, allow_missing: bool = True
    ) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)
        self.allow_missing = allow_missing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not self._allowed(self._origin(scope)):
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)

    def _allowed(self, origin: str | None) -> bool:
        if origin is None:
            return self.allow_missing
        return origin_allowed(origin, self.allowed_hosts)

    @staticmethod
    def _origin(scope: Scope) -> str | None:
        for key, value in scope.get("headers") or ():
            if key.lower() == b"origin":
                return bytes(value).decode("latin-1")
        return None
