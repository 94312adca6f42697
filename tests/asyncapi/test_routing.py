"""Path-pattern conversion of :mod:`chanx.routing.route` (pure string functions)."""

from __future__ import annotations

import pytest

from chanx.routing import (
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
from chanx.routing.route import DJANGO_CONVERTERS

UUID = DJANGO_CONVERTERS["uuid"]


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("ws/chat/", "/ws/chat/"),
        ("/ws/chat", "/ws/chat"),
        ("ws//chat///x", "/ws/chat/x"),
        ("", "/"),
        ("/", "/"),
        ("  ws/a  ", "/ws/a"),
    ],
)
def test_normalize_address(raw: str, address: str) -> None:
    assert normalize_address(raw) == address


@pytest.mark.parametrize(
    ("route", "address", "params"),
    [
        ("ws/chat/", "/ws/chat/", ()),
        (
            "ws/rooms/<int:room_id>/",
            "/ws/rooms/{room_id}/",
            (RouteParam("room_id", None, "[0-9]+"),),
        ),
        ("ws/<room>/", "/ws/{room}/", (RouteParam("room", None, "[^/]+"),)),
        ("ws/<slug:s>", "/ws/{s}", (RouteParam("s", None, "[-a-zA-Z0-9_]+"),)),
        ("ws/<uuid:id>", "/ws/{id}", (RouteParam("id", None, UUID),)),
        ("files/<path:p>", "/files/{p}", (RouteParam("p", None, ".+"),)),
        ("ws/<custom:x>/", "/ws/{x}/", (RouteParam("x", None, None),)),
        (
            "ws/<str:org>/<int:room_id>/",
            "/ws/{org}/{room_id}/",
            (RouteParam("org", None, "[^/]+"), RouteParam("room_id", None, "[0-9]+")),
        ),
    ],
)
def test_parse_django_path(route: str, address: str, params: tuple[RouteParam, ...]) -> None:
    assert parse_django_path(route) == ParsedPath(address, params)


@pytest.mark.parametrize(
    ("regex", "address", "params"),
    [
        (r"^ws/chat/$", "/ws/chat/", ()),
        (
            r"^ws/rooms/(?P<room_id>[0-9]+)/$",
            "/ws/rooms/{room_id}/",
            (RouteParam("room_id", None, "[0-9]+"),),
        ),
        (r"ws/chat/(?P<name>\w+)/?$", "/ws/chat/{name}", (RouteParam("name", None, r"\w+"),)),
        (
            r"\Aws/(?P<a>(x|y)+)/(?P<b>[)(]+)/v1\.0\Z",
            "/ws/{a}/{b}/v1.0",
            (RouteParam("a", None, "(x|y)+"), RouteParam("b", None, "[)(]+")),
        ),
        (r"^ws/a\-b/(?P<n>\d{2,3})$", "/ws/a-b/{n}", (RouteParam("n", None, r"\d{2,3}"),)),
        (r"^ws/price\$$", "/ws/price$", ()),
    ],
)
def test_parse_django_regex(regex: str, address: str, params: tuple[RouteParam, ...]) -> None:
    assert parse_django_regex(regex) == ParsedPath(address, params)


@pytest.mark.parametrize(
    "regex",
    [
        r"^ws/(\d+)/$",  # unnamed group
        r"^ws/(?:a|b)/$",  # non-capturing group
        r"^ws/a|b$",  # alternation
        r"^ws/[abc]/$",  # class outside a group
        r"^ws/.*$",  # quantified wildcard
        r"^ws/\d+/$",  # class escape outside a group
        r"^ws/(?P<id>\d+)?/$",  # optional group
        r"^ws/(?P<id>\d+/$",  # unbalanced
        r"^ws/(?P<bad-name>\d+)/$",  # invalid name
        r"^ws/(?P<a>\d+)/(?P<a>\d+)$",  # duplicate name
        r"^ws/{x}/$",  # braces would look like placeholders
    ],
)
def test_parse_django_regex_rejects_what_no_address_can_express(regex: str) -> None:
    with pytest.raises(RoutePatternError):
        parse_django_regex(regex)


@pytest.mark.parametrize(
    ("path", "address", "params"),
    [
        ("/ws/echo", "/ws/echo", ()),
        (
            "/ws/rooms/{room_id:int}",
            "/ws/rooms/{room_id}",
            (RouteParam("room_id", None, "[0-9]+"),),
        ),
        ("/ws/{name}/", "/ws/{name}/", (RouteParam("name", None, "[^/]+"),)),
        ("/f/{p:path}", "/f/{p}", (RouteParam("p", None, ".*"),)),
        ("/v/{x:float}", "/v/{x}", (RouteParam("x", None, r"[0-9]+(\.[0-9]+)?"),)),
        ("/v/{x:mine}", "/v/{x}", (RouteParam("x", None, None),)),
    ],
)
def test_parse_starlette_path(path: str, address: str, params: tuple[RouteParam, ...]) -> None:
    assert parse_starlette_path(path) == ParsedPath(address, params)


@pytest.mark.parametrize(
    ("function", "pattern"),
    [
        (parse_django_path, "ws/<a>/<int:a>/"),
        (parse_django_path, "ws/<bad-name>/"),
        (parse_django_path, "ws/<open/"),
        (parse_django_path, "ws/{x}/"),
        (parse_starlette_path, "/ws/{a}/{a:int}"),
        (parse_starlette_path, "/ws/{bad-name}"),
        (parse_starlette_path, "/ws/{unclosed"),
    ],
)
def test_invalid_patterns_raise(function: object, pattern: str) -> None:
    assert callable(function)
    with pytest.raises(RoutePatternError):
        function(pattern)


def test_route_pattern_error_is_a_value_error() -> None:
    assert issubclass(RoutePatternError, ValueError)


def test_join_paths_concatenates_nested_patterns() -> None:
    prefix = parse_django_path("ws/<str:org>/")
    leaf = parse_django_regex(r"^rooms/(?P<room_id>\d+)/$")
    joined = join_paths(prefix, leaf)
    assert joined.address == "/ws/{org}/rooms/{room_id}/"
    assert [p.name for p in joined.params] == ["org", "room_id"]
    assert prefix.join(leaf) == joined
    with pytest.raises(RoutePatternError):
        join_paths(prefix, parse_django_path("<org>/"))


class Dummy:
    pass


def test_route_info_normalizes_and_fills_params() -> None:
    route = RouteInfo("ws//rooms/{room}/{user_id}/", Dummy, (RouteParam("user_id", "The user."),))
    assert route.path == "/ws/rooms/{room}/{user_id}/"
    assert route.params == (RouteParam("room"), RouteParam("user_id", "The user."))
    assert route.consumer is Dummy


def test_route_info_rejects_params_without_placeholder() -> None:
    with pytest.raises(RoutePatternError, match="without placeholder: nope"):
        RouteInfo("/ws/a", Dummy, (RouteParam("nope"),))


@pytest.mark.parametrize("path", ["/ws/{a}/{a}", "/ws/{1a}", "/ws/{}"])
def test_route_info_rejects_bad_placeholders(path: str) -> None:
    with pytest.raises(RoutePatternError):
        RouteInfo(path, Dummy)


def test_route_info_constructors() -> None:
    assert RouteInfo.from_django_path("ws/<int:n>/", Dummy).params == (
        RouteParam("n", None, "[0-9]+"),
    )
    assert RouteInfo.from_django_regex(r"^ws/(?P<n>\d+)$", Dummy).path == "/ws/{n}"
    assert RouteInfo.from_starlette_path("/ws/{n:int}", Dummy).path == "/ws/{n}"
