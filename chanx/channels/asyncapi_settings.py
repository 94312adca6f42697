"""The ``ASYNCAPI_*`` keys of the ``CHANX`` setting, their defaults, read at run time.

* ``ASYNCAPI_TITLE`` — ``"WebSocket API"``.
* ``ASYNCAPI_DESCRIPTION`` — ``None`` (the document then says "WebSocket API of <title>.").
* ``ASYNCAPI_VERSION`` — ``"1.0.0"``.
* ``ASYNCAPI_SERVER_URL`` — ``None``: ``WEBSOCKET_BASE_URL``, else (views) ``ws://`` or
  ``wss://`` + the request's host, (management command) ``ws://localhost:8000``.
* ``ASYNCAPI_SERVER_PROTOCOL`` — ``None``: the scheme for a server URL without one and
  for the server derived from the request (default ``ws``/``wss``).
* ``ASYNCAPI_SERVERS`` — ``None``; ``{name: "wss://host/path" or {"host", "protocol",
  "pathname"?, "description"?}}`` documents several servers instead of the one above.
* ``ASYNCAPI_CONTACT`` / ``ASYNCAPI_LICENSE`` — ``None``; ``info.contact``
  (``name``/``url``/``email``) and ``info.license`` (``name``/``url``).
* ``ASYNCAPI_DOCS_JS_URL`` / ``ASYNCAPI_DOCS_CSS_URL`` — :data:`DEFAULT_DOCS_JS_URL` /
  :data:`DEFAULT_DOCS_CSS_URL` (unpkg, pinned version).
* ``ASYNCAPI_DOCS_JS_INTEGRITY`` / ``ASYNCAPI_DOCS_CSS_INTEGRITY`` — the pinned SRI hash
  while the matching URL is the default, else ``None`` (no ``integrity`` attribute).
* ``WEBSOCKET_BASE_URL`` — ``None``.

The docs page loads the standalone bundle of ``@asyncapi/react-component``
:data:`REACT_COMPONENT_VERSION` from unpkg by default (the pinned URLs and hashes live in
:mod:`chanx.asyncapi.assets`, shared with the FastAPI integration), with Subresource Integrity
hashes of the files published in that npm version (the files unpkg serves). To work
offline, serve ``browser/standalone/index.js`` and ``styles/default.min.css`` of that
package yourself and point ``ASYNCAPI_DOCS_JS_URL`` / ``ASYNCAPI_DOCS_CSS_URL`` at them;
the integrity attributes are then left out unless you set the ``*_INTEGRITY`` keys.
Nothing here touches the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from chanx.asyncapi.assets import (
    DEFAULT_DOCS_CSS_INTEGRITY,
    DEFAULT_DOCS_CSS_URL,
    DEFAULT_DOCS_JS_INTEGRITY,
    DEFAULT_DOCS_JS_URL,
    REACT_COMPONENT_VERSION,
)
from chanx.asyncapi.generator import server_from_url
from chanx.asyncapi.spec import ServerSpec
from chanx.channels.settings import get_chanx_setting
from chanx.core.protocols import MISSING

__all__ = [
    "DEFAULTS",
    "DEFAULT_DOCS_CSS_INTEGRITY",
    "DEFAULT_DOCS_CSS_URL",
    "DEFAULT_DOCS_JS_INTEGRITY",
    "DEFAULT_DOCS_JS_URL",
    "DEFAULT_SERVER_URL",
    "REACT_COMPONENT_VERSION",
    "AsyncAPISettings",
    "get_asyncapi_settings",
]

#: The server the management command documents when nothing else is configured.
DEFAULT_SERVER_URL: Final = "ws://localhost:8000"

#: Built-in defaults of the keys (the integrity keys depend on the URLs, see above).
DEFAULTS: Final[Mapping[str, Any]] = {
    "ASYNCAPI_TITLE": "WebSocket API",
    "ASYNCAPI_DESCRIPTION": None,
    "ASYNCAPI_VERSION": "1.0.0",
    "ASYNCAPI_SERVER_URL": None,
    "ASYNCAPI_SERVER_PROTOCOL": None,
    "ASYNCAPI_SERVERS": None,
    "ASYNCAPI_CONTACT": None,
    "ASYNCAPI_LICENSE": None,
    "ASYNCAPI_DOCS_JS_URL": DEFAULT_DOCS_JS_URL,
    "ASYNCAPI_DOCS_CSS_URL": DEFAULT_DOCS_CSS_URL,
    "WEBSOCKET_BASE_URL": None,
}


@dataclass(frozen=True, slots=True)
class AsyncAPISettings:
    """A snapshot of the AsyncAPI settings (take one per request/command run)."""

    title: str
    description: str | None
    version: str
    server_url: str | None
    server_protocol: str | None
    servers: dict[str, ServerSpec] | None
    contact: dict[str, str] | None
    license: dict[str, str] | None
    docs_js_url: str
    docs_css_url: str
    docs_js_integrity: str | None
    docs_css_integrity: str | None
    websocket_base_url: str | None


def _get(key: str) -> Any:
    return get_chanx_setting(key, DEFAULTS[key])


def _integrity(key: str, url: str, default_url: str, default_hash: str) -> str | None:
    configured = get_chanx_setting(key, MISSING)
    if configured is not MISSING:
        return str(configured) if configured else None
    return default_hash if url == default_url else None


def _servers(value: Any) -> dict[str, ServerSpec] | None:
    if not value:
        return None
    if not isinstance(value, Mapping):
        raise TypeError("CHANX['ASYNCAPI_SERVERS'] must map server names to URLs or dicts")
    servers: dict[str, ServerSpec] = {}
    for name, spec in value.items():
        if isinstance(spec, str):
            servers[str(name)] = server_from_url(spec)
        elif isinstance(spec, Mapping) and "host" in spec and "protocol" in spec:
            servers[str(name)] = ServerSpec(**spec)  # type: ignore[typeddict-item]
        else:
            raise TypeError(
                f"CHANX['ASYNCAPI_SERVERS'][{name!r}] must be a URL or a dict with "
                "'host' and 'protocol'"
            )
    return servers


def _optional_str(value: Any) -> str | None:
    return str(value) if value else None


def _optional_mapping(value: Any) -> dict[str, str] | None:
    return {str(k): str(v) for k, v in value.items()} if value else None


def get_asyncapi_settings() -> AsyncAPISettings:
    """The current AsyncAPI settings (``settings.CHANX`` over :data:`DEFAULTS`)."""
    js_url = str(_get("ASYNCAPI_DOCS_JS_URL"))
    css_url = str(_get("ASYNCAPI_DOCS_CSS_URL"))
    return AsyncAPISettings(
        title=str(_get("ASYNCAPI_TITLE")),
        description=_optional_str(_get("ASYNCAPI_DESCRIPTION")),
        version=str(_get("ASYNCAPI_VERSION")),
        server_url=_optional_str(_get("ASYNCAPI_SERVER_URL")),
        server_protocol=_optional_str(_get("ASYNCAPI_SERVER_PROTOCOL")),
        servers=_servers(_get("ASYNCAPI_SERVERS")),
        contact=_optional_mapping(_get("ASYNCAPI_CONTACT")),
        license=_optional_mapping(_get("ASYNCAPI_LICENSE")),
        docs_js_url=js_url,
        docs_css_url=css_url,
        docs_js_integrity=_integrity(
            "ASYNCAPI_DOCS_JS_INTEGRITY", js_url, DEFAULT_DOCS_JS_URL, DEFAULT_DOCS_JS_INTEGRITY
        ),
        docs_css_integrity=_integrity(
            "ASYNCAPI_DOCS_CSS_INTEGRITY",
            css_url,
            DEFAULT_DOCS_CSS_URL,
            DEFAULT_DOCS_CSS_INTEGRITY,
        ),
        websocket_base_url=_optional_str(_get("WEBSOCKET_BASE_URL")),
    )
