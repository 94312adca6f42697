"""Find the chanx consumers of a FastAPI / Starlette application, with their routes.

The walk starts at the application and follows ``app.routes``:

* a ``WebSocketRoute`` (``app.router.add_websocket_route(path, Consumer.as_asgi())``)
  whose endpoint is a chanx consumer — the ``as_asgi()`` wrapper's ``consumer_class``,
  or the class itself — becomes a :class:`~chanx.routing.RouteInfo`; other websocket
  endpoints (plain ``@app.websocket`` functions, non-chanx consumers) are ignored;
* a ``Mount`` adds its path to the prefix and walks what it mounts (``routes=[...]``,
  a nested ``Router``/``APIRouter``, ``Starlette`` or ``FastAPI`` app, also behind
  middleware that keeps the wrapped application in ``app``);
* a ``Host`` is walked with the same prefix (the address is relative to the server);
* routers added with ``include_router`` are walked with the paths FastAPI serves them at;
* HTTP routes are ignored.

Path parameters come from Starlette convertors (``{room_id:int}`` → ``[0-9]+``; custom
``register_url_convertor`` convertors via their ``regex``). A route whose path cannot be
written as an AsyncAPI address (e.g. the same parameter in a mount and its route) is
skipped with the warning ``chanx.asyncapi.route_skipped``, as in the Django integration.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast

from starlette.routing import Host, Mount, WebSocketRoute

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.logging import get_logger
from chanx.routing import (
    ParsedPath,
    RouteInfo,
    RouteParam,
    RoutePatternError,
    join_paths,
    parse_starlette_path,
)

__all__ = ["ROUTE_SKIPPED", "chanx_consumer_of", "discover_routes", "parse_route_path"]

#: Log event of a route left out of the document (the same name as the Django side's).
ROUTE_SKIPPED: Final = "chanx.asyncapi.route_skipped"

_ROOT = ParsedPath("/")
#: Guard against pathological (or cyclic) application graphs.
_MAX_DEPTH = 64


def discover_routes(app: Any) -> list[RouteInfo]:
    """The routes of the chanx consumers of ``app`` (a FastAPI/Starlette app or router)."""
    walker = _Walker()
    walker.visit(app, _ROOT, depth=0, route_text="")
    return walker.routes


def chanx_consumer_of(endpoint: Any) -> type[ChanxConsumerMixin[Any]] | None:
    """The chanx consumer class behind a websocket endpoint, if there is one."""
    candidate = (
        endpoint if isinstance(endpoint, type) else getattr(endpoint, "consumer_class", None)
    )
    if isinstance(candidate, type) and issubclass(candidate, ChanxConsumerMixin):
        return candidate
    return None


def parse_route_path(path: str, convertors: Mapping[str, Any] | None = None) -> ParsedPath:
    """A Starlette path; parameters of custom convertors get the convertor's ``regex``."""
    parsed = parse_starlette_path(path)
    if not convertors:
        return parsed
    return dataclasses.replace(
        parsed, params=tuple(_with_convertor(p, convertors) for p in parsed.params)
    )


def _with_convertor(param: RouteParam, convertors: Mapping[str, Any]) -> RouteParam:
    if param.pattern is not None:
        return param
    regex = getattr(convertors.get(param.name), "regex", None)
    return dataclasses.replace(param, pattern=regex) if isinstance(regex, str) else param


class _Walker:
    def __init__(self) -> None:
        self.routes: list[RouteInfo] = []
        self._active: set[int] = set()

    def visit(self, app: Any, prefix: ParsedPath, *, depth: int, route_text: str) -> None:
        if app is None or depth > _MAX_DEPTH or id(app) in self._active:
            return
        self._active.add(id(app))
        try:
            routes = getattr(app, "routes", None)
            if isinstance(routes, list | tuple) and routes:
                for route in routes:
                    self._visit_route(route, prefix, depth=depth, route_text=route_text)
            else:  # middleware keeps the application it wraps in ``app``
                self.visit(
                    getattr(app, "app", None), prefix, depth=depth + 1, route_text=route_text
                )
        finally:
            self._active.discard(id(app))

    def _visit_route(self, route: Any, prefix: ParsedPath, *, depth: int, route_text: str) -> None:
        if isinstance(route, WebSocketRoute):
            consumer = chanx_consumer_of(route.endpoint)
            if consumer is None:
                return
            text = route_text + route.path
            parsed = self._join(prefix, route, text, lambda: [consumer])
            if parsed is not None:
                self.routes.append(RouteInfo.from_parsed(parsed, consumer))
        elif isinstance(route, Mount):
            text = route_text + route.path
            mounted = route.app
            parsed = self._join(prefix, route, text, lambda: _consumers(mounted))
            if parsed is not None:
                self.visit(mounted, parsed, depth=depth + 1, route_text=text)
        elif isinstance(route, Host):
            self.visit(route.app, prefix, depth=depth + 1, route_text=route_text)
        elif depth < _MAX_DEPTH:
            for effective in _included_routes(route):
                self._visit_route(effective, prefix, depth=depth + 1, route_text=route_text)

    @staticmethod
    def _join(
        prefix: ParsedPath,
        route: WebSocketRoute | Mount,
        text: str,
        consumers: Callable[[], list[type]],
    ) -> ParsedPath | None:
        """``prefix`` + the route's path, or ``None`` (logged) when it is no address."""
        try:
            # Starlette concatenates a mount's path (never ending with "/") and the
            # route's (always starting with "/"); join_paths joins on "/" boundaries.
            base = ParsedPath(prefix.address.rstrip("/") + "/", prefix.params)
            return join_paths(base, parse_route_path(route.path, route.param_convertors))
        except RoutePatternError as exc:
            found = consumers()
            if found:
                get_logger().warning(
                    ROUTE_SKIPPED,
                    route=text,
                    consumers=sorted(c.__qualname__ for c in found),
                    reason=str(exc),
                )
            return None


@dataclasses.dataclass(frozen=True, slots=True)
class _IncludedRoutes:
    routes: list[Any]


def _included_routes(route: Any) -> list[Any]:
    """The routes of a router included with ``include_router`` (recent FastAPI).

    FastAPI versions that keep the included router (``_IncludedRouter``) instead of
    copying its routes compute, per route, the one really served (its path with every
    include prefix): ``effective_candidates()`` lists those, and nested includes.
    Anything else gives nothing.
    """
    effective_candidates = getattr(route, "effective_candidates", None)
    if not callable(effective_candidates):
        return []
    found: list[Any] = []
    for candidate in cast("Iterable[Any]", effective_candidates()):
        if callable(getattr(candidate, "effective_candidates", None)):
            found.append(candidate)
            continue
        served = getattr(candidate, "starlette_route", None) or getattr(
            candidate, "original_route", None
        )
        if served is not None:
            found.append(served)
    return found


def _consumers(app: Any) -> list[type]:
    """The chanx consumer classes below ``app`` wherever they are routed (for the warning)."""
    found: list[type] = []

    def collect(node: Any, depth: int) -> None:
        if node is None or depth > _MAX_DEPTH:
            return
        routes = getattr(node, "routes", None)
        if not (isinstance(routes, list | tuple) and routes):
            collect(getattr(node, "app", None), depth + 1)
            return
        for route in routes:
            if isinstance(route, WebSocketRoute):
                consumer = chanx_consumer_of(route.endpoint)
                if consumer is not None and consumer not in found:
                    found.append(consumer)
            elif isinstance(route, Mount | Host):
                collect(route.app, depth + 1)
            else:
                collect(_IncludedRoutes(_included_routes(route)), depth + 1)

    collect(app, 0)
    return found
