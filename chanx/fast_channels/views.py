"""HTTP endpoints serving an application's AsyncAPI document and its HTML docs page.

Call them from your own routes, passing the application whose websocket routes are
documented (walked at each request, see :mod:`chanx.fast_channels.discovery`)::

    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app, {"title": "Chat"})

or mount all three with ``app.include_router(asyncapi_router(app, config=...))``:
the docs page at ``/asyncapi``, the document at ``/asyncapi.json`` and
``/asyncapi.yaml``. Options: :class:`~chanx.fast_channels.schema.AsyncAPIConfig`.

When the document cannot be generated the JSON/YAML endpoints raise (a 500 from the
server) and the docs page explains it with status 500 instead of staying blank (the
exception itself only with ``app.debug``); the traceback goes to the log
(``chanx.asyncapi.generation_failed``). YAML needs PyYAML, imported on first use.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Router

from chanx.asyncapi import render_docs_page, render_error_page, to_json, to_yaml
from chanx.asyncapi.assets import (
    DEFAULT_DOCS_CSS_INTEGRITY,
    DEFAULT_DOCS_CSS_URL,
    DEFAULT_DOCS_JS_INTEGRITY,
    DEFAULT_DOCS_JS_URL,
)
from chanx.core.logging import get_logger
from chanx.fast_channels.schema import DEFAULT_TITLE, AsyncAPIConfig, generate_app_asyncapi

__all__ = [
    "FORMATS",
    "GENERATION_FAILED",
    "asyncapi_docs",
    "asyncapi_router",
    "asyncapi_spec_json",
    "asyncapi_spec_yaml",
    "request_server_url",
]

#: Log event of a document that could not be generated (the Django side's name).
GENERATION_FAILED: Final = "chanx.asyncapi.generation_failed"

#: Document formats → content type.
FORMATS: Final[dict[str, str]] = {"json": "application/json", "yaml": "application/yaml"}

#: What the views document: an application or a router (``FastAPI``, ``APIRouter``...).
App = Starlette | Router


def request_server_url(request: Request, config: AsyncAPIConfig | None = None) -> str:
    """``ws://host[:port]`` (``wss://`` behind HTTPS) of the request."""
    secure = request.url.scheme in ("https", "wss")
    protocol = (config or {}).get("server_protocol") or ("wss" if secure else "ws")
    return f"{protocol}://{request.url.netloc}"


def _document(request: Request, app: App, config: AsyncAPIConfig | None) -> dict[str, Any]:
    return generate_app_asyncapi(
        app, config, default_server_url=request_server_url(request, config)
    )


def _spec(request: Request, app: App, config: AsyncAPIConfig | None, fmt: str) -> Response:
    try:
        document = _document(request, app, config)
    except Exception:
        get_logger().exception(GENERATION_FAILED, path=request.url.path)
        raise
    body = to_json(document) if fmt == "json" else to_yaml(document)
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'inline; filename="asyncapi.{fmt}"'},
    )


async def asyncapi_spec_json(
    request: Request, app: App, config: AsyncAPIConfig | None = None
) -> Response:
    """The AsyncAPI document of ``app`` as JSON."""
    return _spec(request, app, config, "json")


async def asyncapi_spec_yaml(
    request: Request, app: App, config: AsyncAPIConfig | None = None
) -> Response:
    """The AsyncAPI document of ``app`` as YAML (needs PyYAML)."""
    return _spec(request, app, config, "yaml")


async def asyncapi_docs(
    request: Request, app: App, config: AsyncAPIConfig | None = None
) -> HTMLResponse:
    """The HTML documentation page (a readable error page with status 500 on failure)."""
    options = config or AsyncAPIConfig()
    title = options.get("title") or DEFAULT_TITLE
    try:
        document = _document(request, app, config)
        js_url = options.get("docs_js_url") or DEFAULT_DOCS_JS_URL
        css_url = options.get("docs_css_url") or DEFAULT_DOCS_CSS_URL
        page = render_docs_page(
            document,
            title=title,
            js_url=js_url,
            css_url=css_url,
            js_integrity=_integrity(
                options, "docs_js_integrity", js_url, DEFAULT_DOCS_JS_URL, DEFAULT_DOCS_JS_INTEGRITY
            ),
            css_integrity=_integrity(
                options,
                "docs_css_integrity",
                css_url,
                DEFAULT_DOCS_CSS_URL,
                DEFAULT_DOCS_CSS_INTEGRITY,
            ),
        )
    except Exception as exc:
        get_logger().exception(GENERATION_FAILED, path=request.url.path)
        if getattr(app, "debug", False):
            message = f"{type(exc).__name__}: {exc}"
        else:
            message = (
                f"{type(exc).__name__} while generating the document. The details are in "
                f"the server log (event '{GENERATION_FAILED}'); run the application with "
                "debug=True to see them here."
            )
        return HTMLResponse(render_error_page(message, title=title), status_code=500)
    return HTMLResponse(page)


def _integrity(
    options: AsyncAPIConfig, key: str, url: str, default_url: str, default_hash: str
) -> str | None:
    if key in options:
        value = options.get(key)
        return str(value) if value else None
    return default_hash if url == default_url else None


def asyncapi_router(
    app: App, prefix: str = "/asyncapi", config: AsyncAPIConfig | None = None
) -> APIRouter:
    """A router serving the docs page at ``prefix``, the document at ``<prefix>.json`` and
    ``<prefix>.yaml`` (left out of the OpenAPI schema); ``app.include_router(...)`` it.
    """
    path = prefix.rstrip("/")
    if not path.startswith("/"):
        raise ValueError(f"asyncapi_router prefix must start with '/' and not be '/': {prefix!r}")

    async def docs(request: Request) -> HTMLResponse:
        return await asyncapi_docs(request, app, config)

    async def spec_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app, config)

    async def spec_yaml(request: Request) -> Response:
        return await asyncapi_spec_yaml(request, app, config)

    router = APIRouter()
    for route_path, endpoint, name in (
        (path, docs, "asyncapi_docs"),
        (f"{path}.json", spec_json, "asyncapi_spec_json"),
        (f"{path}.yaml", spec_yaml, "asyncapi_spec_yaml"),
    ):
        router.add_api_route(
            route_path, endpoint, methods=["GET"], name=name, include_in_schema=False
        )
    return router
