"""``RouteInfo`` and the conversion of framework path patterns to AsyncAPI addresses.

Address convention
    An address always starts with exactly one ``/``, never contains ``//`` and keeps a
    trailing slash when the route has one (``/ws/chat/{room_id}/``): it is the path a
    client really connects to, relative to the server's host (plus its ``pathname``).
    Path parameters appear as ``{name}`` placeholders, as AsyncAPI channel addresses
    expect.

Supported patterns (pure string functions, no framework import)
    * Django ``path()``: ``ws/rooms/<int:room_id>/``, ``<slug:slug>``, ``<name>``.
    * Django ``re_path()``: ``^ws/rooms/(?P<room_id>[0-9]+)/$``. Anchors (``^``, ``$``,
      ``\\A``, ``\\Z``) are dropped, escaped literals are unescaped, a literal followed
      by ``?`` (an optional trailing slash, typically) is left out. Anything else that
      cannot be written as a plain address (unnamed groups, alternation, classes or
      quantifiers outside named groups) raises :class:`RoutePatternError`.
    * Starlette: ``/ws/rooms/{room_id:int}``, ``{name}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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

#: Regexes of Django's built-in path converters.
DJANGO_CONVERTERS: dict[str, str] = {
    "str": "[^/]+",
    "int": "[0-9]+",
    "slug": "[-a-zA-Z0-9_]+",
    "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "path": ".+",
}

#: Regexes of Starlette's built-in path convertors.
STARLETTE_CONVERTORS: dict[str, str] = {
    "str": "[^/]+",
    "int": "[0-9]+",
    "float": r"[0-9]+(\.[0-9]+)?",
    "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "path": ".*",
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_DJANGO_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_STARLETTE_PART = re.compile(r"\{(?P<name>[^{}:]+)(?::(?P<converter>[^{}]+))?\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REGEX_SPECIAL = set(".^$*+?{}[]|()")
_ESCAPED_CLASSES = set("dDsSwWbB0123456789")


class RoutePatternError(ValueError):
    """A route pattern that cannot be written as an AsyncAPI address."""


@dataclass(frozen=True, slots=True)
class RouteParam:
    """One ``{name}`` placeholder of an address.

    ``pattern`` is the regular expression the framework matches the segment with, when
    known; ``description`` is free text for the documentation.
    """

    name: str
    description: str | None = None
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedPath:
    """An address with ``{name}`` placeholders and the parameters they stand for."""

    address: str
    params: tuple[RouteParam, ...] = ()

    def join(self, other: ParsedPath) -> ParsedPath:
        """This path followed by ``other`` (nested routers concatenate their patterns)."""
        return join_paths(self, other)


@dataclass(frozen=True, slots=True)
class RouteInfo:
    """A websocket route: its address, consumer class and path parameters.

    ``path`` is normalized (see the module docstring). Placeholders without a matching
    entry in ``params`` get a bare :class:`RouteParam`; params in the order of their
    placeholders. A param without a placeholder raises :class:`RoutePatternError`.
    """

    path: str
    consumer: type
    params: tuple[RouteParam, ...] = field(default=())

    def __post_init__(self) -> None:
        address = normalize_address(self.path)
        given = {p.name: p for p in self.params}
        names = placeholder_names(address)
        extra = sorted(set(given) - set(names))
        if extra:
            raise RoutePatternError(
                f"Route {address!r} has parameters without placeholder: {', '.join(extra)}"
            )
        params = tuple(given.get(name, RouteParam(name)) for name in names)
        object.__setattr__(self, "path", address)
        object.__setattr__(self, "params", params)

    @classmethod
    def from_parsed(cls, parsed: ParsedPath, consumer: type) -> RouteInfo:
        """A route for ``consumer`` at an already parsed path."""
        return cls(path=parsed.address, consumer=consumer, params=parsed.params)

    @classmethod
    def from_django_path(cls, route: str, consumer: type) -> RouteInfo:
        """A route from a Django ``path()`` pattern."""
        return cls.from_parsed(parse_django_path(route), consumer)

    @classmethod
    def from_django_regex(cls, regex: str, consumer: type) -> RouteInfo:
        """A route from a Django ``re_path()`` pattern."""
        return cls.from_parsed(parse_django_regex(regex), consumer)

    @classmethod
    def from_starlette_path(cls, path: str, consumer: type) -> RouteInfo:
        """A route from a Starlette/FastAPI path."""
        return cls.from_parsed(parse_starlette_path(path), consumer)


def normalize_address(path: str) -> str:
    """One leading ``/``, no ``//``; a trailing slash is kept (it is part of the URL)."""
    return re.sub(r"/{2,}", "/", "/" + path.strip())


def placeholder_names(address: str) -> tuple[str, ...]:
    """Names of the ``{name}`` placeholders of ``address``, in order, validated."""
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(address):
        name = match.group(1)
        if not _IDENTIFIER.fullmatch(name):
            raise RoutePatternError(f"Invalid parameter name {name!r} in {address!r}")
        if name in names:
            raise RoutePatternError(f"Parameter {name!r} appears twice in {address!r}")
        names.append(name)
    return tuple(names)


def join_paths(*parts: ParsedPath) -> ParsedPath:
    """Concatenate parsed patterns (``include()``/mounts), then normalize the address."""
    address = normalize_address("".join(p.address.lstrip("/") for p in parts))
    params = tuple(param for p in parts for param in p.params)
    _check_unique(params, address)
    return ParsedPath(address, params)


def _check_unique(params: Iterable[RouteParam], where: str) -> None:
    seen: set[str] = set()
    for param in params:
        if param.name in seen:
            raise RoutePatternError(f"Parameter {param.name!r} appears twice in {where!r}")
        seen.add(param.name)


def _check_literal(text: str, pattern: str) -> None:
    if "{" in text or "}" in text:
        raise RoutePatternError(f"Braces are not allowed in a route address: {pattern!r}")


def parse_django_path(route: str) -> ParsedPath:
    """``ws/rooms/<int:room_id>/`` → ``/ws/rooms/{room_id}/`` with ``room_id`` (``[0-9]+``)."""
    pieces: list[str] = []
    params: list[RouteParam] = []
    position = 0
    for match in _DJANGO_PART.finditer(route):
        literal = route[position : match.start()]
        _check_literal(literal, route)
        pieces.append(literal)
        name = match.group("name")
        converter = match.group("converter") or "str"
        if not _IDENTIFIER.fullmatch(name):
            raise RoutePatternError(f"Invalid parameter name {name!r} in {route!r}")
        pieces.append("{" + name + "}")
        params.append(RouteParam(name, pattern=DJANGO_CONVERTERS.get(converter)))
        position = match.end()
    tail = route[position:]
    _check_literal(tail, route)
    if "<" in tail or ">" in tail:
        raise RoutePatternError(f"Unbalanced '<' or '>' in route {route!r}")
    pieces.append(tail)
    address = normalize_address("".join(pieces))
    _check_unique(params, address)
    return ParsedPath(address, tuple(params))


def parse_starlette_path(path: str) -> ParsedPath:
    """``/ws/rooms/{room_id:int}`` → ``/ws/rooms/{room_id}`` with ``room_id`` (``[0-9]+``)."""
    pieces: list[str] = []
    params: list[RouteParam] = []
    position = 0
    for match in _STARLETTE_PART.finditer(path):
        literal = path[position : match.start()]
        _check_literal(literal, path)
        pieces.append(literal)
        name = match.group("name")
        if not _IDENTIFIER.fullmatch(name):
            raise RoutePatternError(f"Invalid parameter name {name!r} in {path!r}")
        converter = match.group("converter") or "str"
        pieces.append("{" + name + "}")
        params.append(RouteParam(name, pattern=STARLETTE_CONVERTORS.get(converter)))
        position = match.end()
    tail = path[position:]
    _check_literal(tail, path)
    pieces.append(tail)
    address = normalize_address("".join(pieces))
    _check_unique(params, address)
    return ParsedPath(address, tuple(params))


def parse_django_regex(regex: str) -> ParsedPath:
    """``^ws/rooms/(?P<room_id>[0-9]+)/$`` → ``/ws/rooms/{room_id}/`` with its pattern."""
    text = regex
    if text.startswith("\\A"):
        text = text[2:]
    text = text.removeprefix("^")
    for anchor in ("\\Z", "\\z", "$"):
        if text.endswith(anchor) and not text.endswith("\\" + anchor):
            text = text[: -len(anchor)]
            break
    pieces: list[str] = []
    params: list[RouteParam] = []
    i = 0
    while i < len(text):
        char = text[i]
        if text.startswith("(?P<", i):
            end_name = text.index(">", i)
            name = text[i + 4 : end_name]
            close = _closing_paren(text, i, regex)
            pattern = text[end_name + 1 : close]
            if not _IDENTIFIER.fullmatch(name):
                raise RoutePatternError(f"Invalid group name {name!r} in {regex!r}")
            if text[close + 1 : close + 2] in ("?", "*", "+", "{"):
                raise RoutePatternError(f"Optional or repeated group {name!r} in {regex!r}")
            pieces.append("{" + name + "}")
            params.append(RouteParam(name, pattern=pattern or None))
            i = close + 1
            continue
        if char == "\\":
            escaped = text[i + 1 : i + 2]
            if not escaped or escaped in _ESCAPED_CLASSES:
                raise RoutePatternError(f"Unsupported escape '\\{escaped}' in {regex!r}")
            literal, i = escaped, i + 2
        elif char in _REGEX_SPECIAL:
            raise RoutePatternError(
                f"Unsupported regex construct {char!r} at position {i} of {regex!r}; "
                "only literals and named groups (?P<name>...) form an address"
            )
        else:
            literal, i = char, i + 1
        if text[i : i + 1] == "?":
            i += 1  # an optional literal (``/?``) is left out of the address
            continue
        _check_literal(literal, regex)
        pieces.append(literal)
    address = normalize_address("".join(pieces))
    _check_unique(params, address)
    return ParsedPath(address, tuple(params))


def _closing_paren(text: str, start: int, regex: str) -> int:
    """Index of the ``)`` closing the group opened at ``start`` (escapes and classes aware)."""
    depth = 0
    i = start
    in_class = False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise RoutePatternError(f"Unbalanced parentheses in {regex!r}")
