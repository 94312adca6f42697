"""HTTP views serving the project's AsyncAPI document and its HTML docs page.

Mounted by ``path("asyncapi/", include("chanx.channels.urls"))``:

* ``schema/`` (``asyncapi_schema``): the document, ``?format=json`` (default) or
  ``?format=yaml``; another format is a 400 with a plain-text explanation.
* ``docs/`` (``asyncapi_docs``): an HTML page rendering the document with the AsyncAPI
  React component (JS/CSS URLs and SRI hashes from the ``ASYNCAPI_DOCS_*`` settings).
  When the document cannot be generated the page explains it (status 500) instead of
  staying blank; the traceback goes to the log (``chanx.asyncapi.generation_failed``).

The server of the document is ``ASYNCAPI_SERVERS``/``ASYNCAPI_SERVER_URL``/
``WEBSOCKET_BASE_URL`` when configured, else the host the request came to, with
``wss://`` behind HTTPS and ``ws://`` otherwise (``ASYNCAPI_SERVER_PROTOCOL`` overrides
the scheme).
"""

from __future__ import annotations

from typing import Any, Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from chanx.asyncapi import render_docs_page, render_error_page, to_json, to_yaml
from chanx.channels.asyncapi_settings import AsyncAPISettings, get_asyncapi_settings
from chanx.channels.schema import generate_project_asyncapi
from chanx.core.logging import get_logger

__all__ = ["FORMATS", "GENERATION_FAILED", "asyncapi_docs", "asyncapi_schema"]

#: Log event of a document that could not be generated (stable name).
GENERATION_FAILED: Final = "chanx.asyncapi.generation_failed"

#: ``?format=`` values of the schema view → content type.
FORMATS: Final[dict[str, str]] = {"json": "application/json", "yaml": "application/yaml"}


def request_server_url(request: HttpRequest, config: AsyncAPISettings) -> str:
    """``ws://host[:port]`` (``wss://`` behind HTTPS) of the request."""
    protocol = config.server_protocol or ("wss" if request.is_secure() else "ws")
    return f"{protocol}://{request.get_host()}"


def _document(request: HttpRequest, config: AsyncAPISettings) -> dict[str, Any]:
    return generate_project_asyncapi(
        config=config, default_server_url=request_server_url(request, config)
    )


@require_safe
def asyncapi_schema(request: HttpRequest) -> HttpResponse:
    """The AsyncAPI document as JSON (default) or YAML (``?format=yaml``)."""
    fmt = request.GET.get("format", "json").strip().lower() or "json"
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            f"Unknown format {fmt!r}: use ?format=json or ?format=yaml.",
            content_type="text/plain; charset=utf-8",
        )
    config = get_asyncapi_settings()
    try:
        document = _document(request, config)
    except Exception:
        get_logger().exception(GENERATION_FAILED, path=request.path)
        raise
    body = to_json(document) if fmt == "json" else to_yaml(document)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="asyncapi.{fmt}"'
    return response


@require_safe
def asyncapi_docs(request: HttpRequest) -> HttpResponse:
    """The HTML documentation page (a readable error page with status 500 on failure)."""
    title = "AsyncAPI documentation"
    try:
        config = get_asyncapi_settings()
        title = config.title
        document = _document(request, config)
        page = render_docs_page(
            document,
            title=config.title,
            js_url=config.docs_js_url,
            css_url=config.docs_css_url,
            js_integrity=config.docs_js_integrity,
            css_integrity=config.docs_css_integrity,
        )
    except Exception as exc:
        get_logger().exception(GENERATION_FAILED, path=request.path)
        if settings.DEBUG:
            message = f"{type(exc).__name__}: {exc}"
        else:
            message = (
                f"{type(exc).__name__} while generating the document. The details are in "
                f"the server log (event '{GENERATION_FAILED}'); set DEBUG = True to see "
                "them here."
            )
        return HttpResponse(
            render_error_page(message, title=title),
            status=500,
            content_type="text/html; charset=utf-8",
        )
    return HttpResponse(page, content_type="text/html; charset=utf-8")
