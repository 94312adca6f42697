"""The AsyncAPI endpoints of ``chanx.fast_channels`` and ``asyncapi_router``."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from structlog.testing import capture_logs

import chanx.fast_channels
from chanx.asyncapi.assets import (
    DEFAULT_DOCS_CSS_INTEGRITY,
    DEFAULT_DOCS_CSS_URL,
    DEFAULT_DOCS_JS_INTEGRITY,
    DEFAULT_DOCS_JS_URL,
)
from chanx.fast_channels import (
    AsyncAPIConfig,
    asyncapi_docs,
    asyncapi_router,
    asyncapi_spec_json,
    asyncapi_spec_yaml,
    views,
)
from chanx.fast_channels.views import GENERATION_FAILED
from tests.fast_channels_asyncapi.apps import MOUNTED_ROUTES, mounted_app

HOSTILE = "</script><script>alert('x')</script> <!-- & \u2028"


def embedded_document(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="asyncapi-schema">(.*?)</script>', page, re.S
    )
    assert match is not None, page[:500]
    document: dict[str, Any] = json.loads(match.group(1))
    return document


def client(app: FastAPI, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    app = mounted_app()
    app.include_router(asyncapi_router(app, config={"title": "Rooms", "version": "2.0.0"}))
    async with client(app) as http_client:
        yield http_client


async def test_router_serves_json_yaml_and_docs_at_the_prefix(http: httpx.AsyncClient) -> None:
    spec = await http.get("/asyncapi.json")
    as_yaml = await http.get("/asyncapi.yaml")
    docs = await http.get("/asyncapi")

    assert spec.status_code == 200
    assert spec.headers["content-type"] == "application/json"
    assert spec.headers["content-disposition"] == 'inline; filename="asyncapi.json"'
    document = spec.json()
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] == "Rooms"
    assert document["info"]["version"] == "2.0.0"
    channels = document["channels"].values()
    addresses = [channel["address"] for channel in channels if "x-topic" not in channel]
    assert addresses == [path for path, _ in MOUNTED_ROUTES]

    assert as_yaml.status_code == 200
    assert as_yaml.headers["content-type"] == "application/yaml"
    assert yaml.safe_load(as_yaml.text) == document

    assert docs.status_code == 200
    assert docs.headers["content-type"] == "text/html; charset=utf-8"
    assert embedded_document(docs.text) == document
    assert "<title>Rooms</title>" in docs.text


async def test_router_routes_stay_out_of_openapi(http: httpx.AsyncClient) -> None:
    openapi = (await http.get("/openapi.json")).json()
    assert not any(path.startswith("/asyncapi") for path in openapi.get("paths", {}))


async def test_server_defaults_to_the_request_host() -> None:
    app = mounted_app()
    app.include_router(asyncapi_router(app))
    async with client(app, "http://chat.example.com:8080") as http:
        plain = (await http.get("/asyncapi.json")).json()
    async with client(app, "https://chat.example.com") as http:
        secure = (await http.get("/asyncapi.json")).json()

    assert plain["servers"] == {"default": {"host": "chat.example.com:8080", "protocol": "ws"}}
    assert secure["servers"] == {"default": {"host": "chat.example.com", "protocol": "wss"}}
    assert plain["info"]["title"] == "WebSocket API"
    assert plain["info"]["version"] == "1.0.0"


async def test_config_overrides() -> None:
    app = mounted_app()
    config: AsyncAPIConfig = {
        "title": "Chat",
        "version": "3.1.4",
        "description": "The chat API.",
        "server_url": "wss://ws.example.com/base",
        "contact": {"name": "chanx", "email": "dev@example.com"},
        "license": {"name": "MIT"},
    }
    app.include_router(asyncapi_router(app, "/docs/ws/", config))
    async with client(app) as http:
        document = (await http.get("/docs/ws.json")).json()
        assert (await http.get("/docs/ws.yaml")).status_code == 200
        assert (await http.get("/docs/ws")).status_code == 200
        assert (await http.get("/asyncapi.json")).status_code == 404

    assert document["info"]["title"] == "Chat"
    assert document["info"]["version"] == "3.1.4"
    assert document["info"]["description"] == "The chat API."
    assert document["info"]["contact"] == {"name": "chanx", "email": "dev@example.com"}
    assert document["info"]["license"] == {"name": "MIT"}
    assert document["servers"] == {
        "default": {"host": "ws.example.com", "protocol": "wss", "pathname": "/base"}
    }


async def test_server_protocol_applies_to_the_request_host() -> None:
    app = mounted_app()
    app.include_router(asyncapi_router(app, config={"server_protocol": "wss"}))
    async with client(app) as http:
        document = (await http.get("/asyncapi.json")).json()
    assert document["servers"] == {"default": {"host": "testserver", "protocol": "wss"}}


@pytest.mark.parametrize("prefix", ["", "/", "asyncapi"])
def test_router_prefix_must_be_a_path(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        asyncapi_router(FastAPI(), prefix)


async def test_docs_page_uses_the_pinned_assets_by_default(http: httpx.AsyncClient) -> None:
    page = (await http.get("/asyncapi")).text

    assert f'src="{DEFAULT_DOCS_JS_URL}" integrity="{DEFAULT_DOCS_JS_INTEGRITY}"' in page
    assert f'href="{DEFAULT_DOCS_CSS_URL}" integrity="{DEFAULT_DOCS_CSS_INTEGRITY}"' in page


async def test_overridden_asset_urls_have_no_integrity_unless_given() -> None:
    app = mounted_app()
    config: AsyncAPIConfig = {"docs_js_url": "/assets/a.js", "docs_css_url": "/assets/a.css"}
    app.include_router(asyncapi_router(app, "/plain", config))
    pinned: AsyncAPIConfig = {**config, "docs_js_integrity": "sha384-abc"}
    app.include_router(asyncapi_router(app, "/pinned", pinned))
    none: AsyncAPIConfig = {"docs_js_integrity": None, "docs_css_integrity": ""}
    app.include_router(asyncapi_router(app, "/none", none))
    async with client(app) as http:
        plain = (await http.get("/plain")).text
        with_hash = (await http.get("/pinned")).text
        without = (await http.get("/none")).text

    assert '<script src="/assets/a.js"></script>' in plain
    assert '<link rel="stylesheet" href="/assets/a.css">' in plain
    assert "integrity" not in plain
    assert 'src="/assets/a.js" integrity="sha384-abc" crossorigin="anonymous"' in with_hash
    assert f'<script src="{DEFAULT_DOCS_JS_URL}"></script>' in without
    assert "integrity" not in without


async def test_docs_page_escapes_the_embedded_document() -> None:
    app = mounted_app()
    app.include_router(asyncapi_router(app, config={"description": HOSTILE, "title": HOSTILE}))
    async with client(app) as http:
        page = (await http.get("/asyncapi")).text

    assert "<script>alert" not in page
    assert embedded_document(page)["info"]["description"] == HOSTILE


def _fail(*args: Any, **kwargs: Any) -> dict[str, Any]:
    raise RuntimeError("secret detail")


@pytest.mark.parametrize("debug", [False, True])
async def test_docs_page_explains_a_failure(monkeypatch: pytest.MonkeyPatch, debug: bool) -> None:
    monkeypatch.setattr(views, "generate_app_asyncapi", _fail)
    app = mounted_app()
    app.debug = debug
    app.include_router(asyncapi_router(app, config={"title": "Rooms"}))
    async with client(app) as http:
        with capture_logs() as logs:
            response = await http.get("/asyncapi")

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert "The AsyncAPI document could not be generated" in page
    assert "<title>Rooms — error</title>" in page
    assert "RuntimeError" in page
    assert ("secret detail" in page) is debug
    if not debug:
        assert GENERATION_FAILED in page
    failures = [e for e in logs if e["event"] == GENERATION_FAILED]
    assert len(failures) == 1
    assert failures[0]["log_level"] == "error"
    assert failures[0]["path"] == "/asyncapi"


async def test_spec_endpoints_raise_and_log_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "generate_app_asyncapi", _fail)
    app = mounted_app()
    app.include_router(asyncapi_router(app))
    async with client(app) as http:
        with capture_logs() as logs, pytest.raises(RuntimeError, match="secret detail"):
            await http.get("/asyncapi.json")
    assert [e["event"] for e in logs] == [GENERATION_FAILED]


async def test_callables_in_user_routes() -> None:
    app = mounted_app()
    config: AsyncAPIConfig = {"title": "Mine"}

    @app.get("/mine.json")
    async def mine_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app, config)

    @app.get("/mine.yaml")
    async def mine_yaml(request: Request) -> Response:
        return await asyncapi_spec_yaml(request, app)

    @app.get("/mine", response_class=HTMLResponse)
    async def mine_docs(request: Request) -> HTMLResponse:
        return await asyncapi_docs(request, app, config)

    async with client(app) as http:
        document = (await http.get("/mine.json")).json()
        as_yaml = yaml.safe_load((await http.get("/mine.yaml")).text)
        page = (await http.get("/mine")).text

    assert document["info"]["title"] == "Mine"
    assert as_yaml["info"]["title"] == "WebSocket API"
    assert as_yaml["channels"] == document["channels"]
    assert embedded_document(page) == document


def test_the_package_exports_the_endpoints_lazily() -> None:
    assert chanx.fast_channels.asyncapi_router is views.asyncapi_router
    assert set(chanx.fast_channels.__all__) <= set(dir(chanx.fast_channels))
    with pytest.raises(AttributeError):
        chanx.fast_channels.missing  # noqa: B018
