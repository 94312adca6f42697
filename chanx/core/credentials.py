"""Finding a handshake credential in the ASGI scope: header, subprotocol, cookie, query.

Browsers cannot set headers on a WebSocket handshake, so a token must also be
acceptable from places a browser *can* fill. :class:`CredentialSources` names the
places an authenticator looks, in order:

``header``
    ``Authorization: <scheme> <token>`` (any scheme word; a value without one is
    ignored). On by default.
``subprotocol``
    The client offers two subprotocols, the marker and then the token::

        new WebSocket(url, ["chanx.bearer", token])

    The server accepts with the marker (``chanx.bearer``) as the chosen subprotocol,
    never the token, as browsers require the echo of one offered value. On by default.
``cookie``
    A cookie of the configured name (``None``, the default, turns it off). Pair it with
    an origin check: browsers send cookies cross-site.
``query``
    A query parameter of the configured name. **Off** unless a name is set: URLs end up
    in proxy and access logs and browser history.

The secret is kept out of ``repr`` and logs; only the source name is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from typing import Any, Literal
from urllib.parse import parse_qs

__all__ = [
    "SUBPROTOCOL_MARKER",
    "CredentialSource",
    "CredentialSources",
    "FoundCredential",
]

CredentialSource = Literal["header", "subprotocol", "cookie", "query"]

#: The subprotocol a client offers right before its token (and the one echoed back).
SUBPROTOCOL_MARKER = "chanx.bearer"


@dataclass(frozen=True, slots=True)
class FoundCredential:
    """A credential found in the scope: where (``source``, ``name``) and the secret."""

    source: CredentialSource
    name: str
    value: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class CredentialSources:
    """Where an authenticator looks for a credential (first match wins, in this order:
    header, subprotocol, cookie, query). ``None`` turns a source off.

    ``scheme`` is the ``Authorization`` keyword used when a credential from another
    source is handed to code that reads the header (DRF's ``TokenAuthentication``
    expects ``"Token"``, JWT libraries ``"Bearer"``).
    """

    header: str | None = "authorization"
    subprotocol: str | None = SUBPROTOCOL_MARKER
    cookie: str | None = None
    query: str | None = None
    scheme: str = "Bearer"

    def find(self, scope: dict[str, Any]) -> FoundCredential | None:
        """The first credential present in ``scope`` from an enabled source."""
        return (
            self._from_header(scope)
            or self._from_subprotocol(scope)
            or self._from_cookie(scope)
            or self._from_query(scope)
        )

    def chosen_subprotocol(self, scope: dict[str, Any]) -> str | None:
        """The subprotocol to accept with: the marker, if the client offered a token."""
        if self._from_subprotocol(scope) is None:
            return None
        return self.subprotocol

    def _from_header(self, scope: dict[str, Any]) -> FoundCredential | None:
        if self.header is None:
            return None
        raw = _header(scope, self.header.lower().encode("latin-1"))
        if raw is None:
            return None
        words = raw.split(None, 1)  # "<scheme> <token>"; a bare value has no scheme
        if len(words) != 2 or not words[1].strip():
            return None
        return FoundCredential("header", self.header, words[1].strip())

    def _from_subprotocol(self, scope: dict[str, Any]) -> FoundCredential | None:
        if self.subprotocol is None:
            return None
        offered = [str(p) for p in scope.get("subprotocols") or ()]
        if self.subprotocol not in offered:
            return None
        index = offered.index(self.subprotocol)
        if index + 1 >= len(offered) or not offered[index + 1]:
            return None
        return FoundCredential("subprotocol", self.subprotocol, offered[index + 1])

    def _from_cookie(self, scope: dict[str, Any]) -> FoundCredential | None:
        if self.cookie is None:
            return None
        raw = _header(scope, b"cookie")
        if raw is None:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:
            return None
        morsel = jar.get(self.cookie)
        if morsel is None or not morsel.value:
            return None
        return FoundCredential("cookie", self.cookie, morsel.value)

    def _from_query(self, scope: dict[str, Any]) -> FoundCredential | None:
        if self.query is None:
            return None
        raw = bytes(scope.get("query_string") or b"").decode("latin-1")
        values = parse_qs(raw).get(self.query)
        if not values or not values[0]:
            return None
        return FoundCredential("query", self.query, values[0])


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if bytes(key).lower() == name:
            return bytes(value).decode("latin-1")
    return None
