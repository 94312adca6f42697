"""The AsyncAPI document of a FastAPI / Starlette application (discovery + config).

:class:`AsyncAPIConfig` is the FastAPI counterpart of the Django ``CHANX['ASYNCAPI_*']``
keys, passed explicitly (there is no settings module). Every key is optional:

* ``title`` — ``"WebSocket API"``; ``version`` — ``"1.0.0"``; ``description`` — ``None``
  (the document then says "WebSocket API of <title>.").
* ``server_url`` — ``None``: the views document ``ws://`` (``wss://`` behind HTTPS) + the
  host the request came to. ``server_protocol`` — ``None``: the scheme for a server URL
  without one and for the server derived from the request.
* ``contact`` / ``license`` — ``info.contact`` (``name``/``url``/``email``) and
  ``info.license`` (``name``/``url``).
* ``camelize`` — ``None``: each channel is documented the way its consumer sends
  (its own ``camelize`` attribute). ``True``/``False`` documents *every* channel's
  messages with camelCase/snake_case payload keys, overriding the consumers' attribute
  in the document only (it does not change what consumers send): for applications
  whose consumers decide ``camelize`` at run time in a way the generator cannot see.
* ``docs_js_url`` / ``docs_css_url`` — the AsyncAPI React component's standalone bundle
  and stylesheet (:mod:`chanx.asyncapi.assets`: pinned version on unpkg). Point them at
  self-hosted copies to work offline. ``docs_js_integrity`` / ``docs_css_integrity`` —
  the pinned SRI hash while the matching URL is the default, else ``None`` (no
  ``integrity`` attribute) unless given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, TypedDict

from chanx.asyncapi import generate_asyncapi
from chanx.fast_channels.discovery import discover_routes

__all__ = ["DEFAULT_TITLE", "DEFAULT_VERSION", "AsyncAPIConfig", "generate_app_asyncapi"]

DEFAULT_TITLE: Final = "WebSocket API"
DEFAULT_VERSION: Final = "1.0.0"


class AsyncAPIConfig(TypedDict, total=False):
    """Options of the FastAPI AsyncAPI views (see the module docstring for defaults)."""

    title: str
    version: str
    description: str | None
    server_url: str | None
    server_protocol: str | None
    camelize: bool | None
    contact: Mapping[str, str] | None
    license: Mapping[str, str] | None
    docs_js_url: str
    docs_css_url: str
    docs_js_integrity: str | None
    docs_css_integrity: str | None


def generate_app_asyncapi(
    app: Any,
    config: AsyncAPIConfig | None = None,
    *,
    default_server_url: str | None = None,
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the chanx consumers routed in ``app``.

    The server is ``config["server_url"]``, else ``default_server_url`` (none when
    neither is known).
    """
    config = config or AsyncAPIConfig()
    return generate_asyncapi(
        discover_routes(app),
        title=config.get("title") or DEFAULT_TITLE,
        version=config.get("version") or DEFAULT_VERSION,
        description=config.get("description"),
        server_url=config.get("server_url") or default_server_url,
        server_protocol=config.get("server_protocol"),
        contact=config.get("contact"),
        license=config.get("license"),
        camelize=config.get("camelize"),
    )
