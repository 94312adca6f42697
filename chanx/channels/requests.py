"""Building a Django ``HttpRequest`` from a websocket handshake scope.

DRF authentication and permission classes expect an HTTP request; the handshake
carries the same headers, cookies, path and query string.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.http.cookie import parse_cookie

__all__ = ["request_from_scope"]

_UNPREFIXED = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})


def request_from_scope(scope: dict[str, Any], method: str = "GET") -> HttpRequest:
    """An ``HttpRequest`` with the scope's headers, cookies, path, query, user and session."""
    request = HttpRequest()
    request.method = method.upper()
    request.path = request.path_info = scope.get("path", "")
    query_string = scope.get("query_string", b"").decode("latin-1")
    request.META = _meta(scope, request.method, query_string)
    request.GET = QueryDict(query_string)
    request.COOKIES = parse_cookie(request.META.get("HTTP_COOKIE", ""))
    if "user" in scope:
        request.user = scope["user"]
    if "session" in scope:
        request.session = scope["session"]
    return request


def _meta(scope: dict[str, Any], method: str, query_string: str) -> dict[str, Any]:
    client = scope.get("client") or ("", 0)
    server = scope.get("server") or ("localhost", 80)
    meta: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "QUERY_STRING": query_string,
        "PATH_INFO": scope.get("path", ""),
        "SCRIPT_NAME": scope.get("root_path", ""),
        "REMOTE_ADDR": client[0],
        "REMOTE_PORT": client[1],
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1]),
        "wsgi.url_scheme": "https" if scope.get("scheme") == "wss" else "http",
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        key = name if name in _UNPREFIXED else f"HTTP_{name}"
        value = raw_value.decode("latin-1")
        meta[key] = f"{meta[key]},{value}" if key in meta else value
    return meta
