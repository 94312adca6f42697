"""The AsyncAPI document of a Django project (discovery + settings + the generator)."""

from __future__ import annotations

from typing import Any

from chanx.asyncapi import generate_asyncapi
from chanx.channels.asyncapi_settings import AsyncAPISettings, get_asyncapi_settings
from chanx.channels.discovery import discover_routes

__all__ = ["generate_project_asyncapi"]


def generate_project_asyncapi(
    *,
    application: Any = None,
    server_url: str | None = None,
    default_server_url: str | None = None,
    title: str | None = None,
    version: str | None = None,
    description: str | None = None,
    config: AsyncAPISettings | None = None,
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the project's chanx consumers.

    Arguments override the ``CHANX`` settings. The server is ``server_url`` when given,
    else ``ASYNCAPI_SERVERS``, else ``ASYNCAPI_SERVER_URL``, else ``WEBSOCKET_BASE_URL``,
    else ``default_server_url`` (no server at all when none is known).
    """
    config = config or get_asyncapi_settings()
    url = server_url or config.server_url or config.websocket_base_url or default_server_url
    return generate_asyncapi(
        discover_routes(application),
        title=title or config.title,
        version=version or config.version,
        description=description or config.description,
        servers=None if server_url else config.servers,
        server_url=url,
        server_protocol=config.server_protocol,
        contact=config.contact,
        license=config.license,
    )
