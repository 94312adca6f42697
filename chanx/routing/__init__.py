"""Routes as the AsyncAPI generator sees them, and path-pattern parsing.

Framework-free: the Django and FastAPI discoveries turn their URL patterns into
:class:`RouteInfo` objects with the helpers here.
"""

from chanx.routing.route import (
    ParsedPath,
    RouteInfo,
    RouteParam,
    RoutePatternError,
    join_paths,
    normalize_address,
    parse_django_path,
    parse_django_regex,
    parse_starlette_path,
)

__all__ = [
    "ParsedPath",
    "RouteInfo",
    "RouteParam",
    "RoutePatternError",
    "join_paths",
    "normalize_address",
    "parse_django_path",
    "parse_django_regex",
    "parse_starlette_path",
]
