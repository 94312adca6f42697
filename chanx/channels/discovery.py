"""Find the chanx consumers of a Django project's ASGI application, with their routes.

The walk starts at ``settings.ASGI_APPLICATION`` (or an application given directly):

* a ``ProtocolTypeRouter`` → its ``"websocket"`` application;
* middleware → what it wraps: ``inner`` (``AuthMiddlewareStack``,
  ``SessionMiddleware``, ``CookieMiddleware``, ``BaseMiddleware`` subclasses...),
  ``application`` (``AllowedHostsOriginValidator``/``OriginValidator``) or ``app``;
* a ``URLRouter`` → each of its ``routes`` (``path()``/``re_path()`` entries), joining
  the patterns of nested routers;
* a consumer application made by ``Consumer.as_asgi()`` (``consumer_class``) → a
  :class:`~chanx.routing.RouteInfo` when the consumer is a chanx consumer; other
  consumers are ignored.

Path parameters come from Django converters (``<int:room_id>``, custom converters via
their ``regex``) and named regex groups. A route whose pattern cannot be written as an
AsyncAPI address is skipped with the warning ``chanx.asyncapi.route_skipped``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.logging import get_logger
from chanx.routing import (
    ParsedPath,
    RouteInfo,
    RouteParam,
    RoutePatternError,
    join_paths,
    parse_django_path,
    parse_django_regex,
)

__all__ = ["ROUTE_SKIPPED", "discover_routes", "get_asgi_application_object"]

#: Log event of a route left out of the document (stable name).
ROUTE_SKIPPED: Final = "chanx.asyncapi.route_skipped"

_ROOT = ParsedPath("/")
#: Guard against pathological (or cyclic) middleware chains.
_MAX_DEPTH = 64
#: Attributes under which middleware keep the application they wrap (``inner`` for
#: Channels' middleware, ``application`` for ``OriginValidator``, ``app`` for others).
_WRAPPED_ATTRIBUTES: Final = ("inner", "application", "app")


def get_asgi_application_object() -> Any:
    """The object named by ``settings.ASGI_APPLICATION``."""
    target = getattr(settings, "ASGI_APPLICATION", None)
    if not target:
        raise ImproperlyConfigured(
            "settings.ASGI_APPLICATION is not set: chanx discovers websocket routes "
            "from the project's ASGI application"
        )
    try:
        return import_string(str(target))
    except ImportError as exc:
        raise ImproperlyConfigured(f"Cannot import ASGI_APPLICATION {target!r}: {exc}") from exc


def discover_routes(application: Any = None) -> list[RouteInfo]:
    """The routes of the chanx consumers of ``application`` (default: the project's)."""
    if application is None:
        application = get_asgi_application_object()
    walker = _Walker()
    walker.visit(application, _ROOT, depth=0, route_text="")
    return walker.routes


class _Walker:
    def __init__(self) -> None:
        self.routes: list[RouteInfo] = []
        self._active: set[int] = set()

    def visit(self, app: Any, prefix: ParsedPath, *, depth: int, route_text: str) -> None:
        if app is None or depth > _MAX_DEPTH or id(app) in self._active:
            return
        self._active.add(id(app))
        try:
            self._visit(app, prefix, depth=depth, route_text=route_text)
        finally:
            self._active.discard(id(app))

    def _visit(self, app: Any, prefix: ParsedPath, *, depth: int, route_text: str) -> None:
        consumer = getattr(app, "consumer_class", None)
        if isinstance(consumer, type):
            if issubclass(consumer, ChanxConsumerMixin):
                self.routes.append(RouteInfo.from_parsed(prefix, consumer))
            return
        mapping = getattr(app, "application_mapping", None)
        if isinstance(mapping, dict):
            self.visit(mapping.get("websocket"), prefix, depth=depth + 1, route_text=route_text)
            return
        routes = getattr(app, "routes", None)
        if isinstance(routes, list | tuple):
            for route in routes:
                self._visit_route(route, prefix, depth=depth, route_text=route_text)
            return
        for attribute in _WRAPPED_ATTRIBUTES:
            inner = getattr(app, attribute, None)
            if inner is not None:
                self.visit(inner, prefix, depth=depth + 1, route_text=route_text)
                return

    def _visit_route(self, route: Any, prefix: ParsedPath, *, depth: int, route_text: str) -> None:
        pattern = getattr(route, "pattern", None)
        callback = getattr(route, "callback", None)
        text = route_text + str(pattern)
        try:
            parsed = join_paths(prefix, parse_pattern(pattern))
        except RoutePatternError as exc:
            if _leads_to_chanx(callback):
                get_logger().warning(
                    ROUTE_SKIPPED,
                    route=text,
                    consumers=sorted(c.__qualname__ for c in _chanx_consumers(callback)),
                    reason=str(exc),
                )
            return
        self.visit(callback, parsed, depth=depth + 1, route_text=text)


def parse_pattern(pattern: Any) -> ParsedPath:
    """A Django ``RoutePattern`` (``path()``) or ``RegexPattern`` (``re_path()``)."""
    route = getattr(pattern, "_route", None)
    if isinstance(route, str):
        parsed = parse_django_path(route)
        converters: dict[str, Any] = getattr(pattern, "converters", None) or {}
        return dataclasses.replace(
            parsed, params=tuple(_with_converter(p, converters) for p in parsed.params)
        )
    regex = getattr(pattern, "_regex", None)
    if isinstance(regex, str):
        return parse_django_regex(regex)
    raise RoutePatternError(f"Unsupported URL pattern type {type(pattern).__name__}")


def _with_converter(param: RouteParam, converters: dict[str, Any]) -> RouteParam:
    """Fill the pattern of a custom (``register_converter``) converter from its regex."""
    if param.pattern is not None:
        return param
    regex = getattr(converters.get(param.name), "regex", None)
    return dataclasses.replace(param, pattern=regex) if isinstance(regex, str) else param


def _chanx_consumers(app: Any, depth: int = 0) -> list[type]:
    """The chanx consumer classes reachable from ``app`` (for the skip warning)."""
    if app is None or depth > _MAX_DEPTH:
        return []
    consumer = getattr(app, "consumer_class", None)
    if isinstance(consumer, type):
        return [consumer] if issubclass(consumer, ChanxConsumerMixin) else []
    routes = getattr(app, "routes", None)
    if isinstance(routes, list | tuple):
        found: list[type] = []
        for route in routes:
            found.extend(_chanx_consumers(getattr(route, "callback", None), depth + 1))
        return found
    for attribute in _WRAPPED_ATTRIBUTES:
        inner = getattr(app, attribute, None)
        if inner is not None:
            return _chanx_consumers(inner, depth + 1)
    return []


def _leads_to_chanx(app: Any) -> bool:
    return bool(_chanx_consumers(app))
