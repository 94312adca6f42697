"""``ASYNCAPI_*`` settings: defaults, run-time overrides, pinned assets and their SRI."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from django.test import Client, override_settings

from chanx.channels.asyncapi_settings import (
    DEFAULT_DOCS_CSS_INTEGRITY,
    DEFAULT_DOCS_CSS_URL,
    DEFAULT_DOCS_JS_INTEGRITY,
    DEFAULT_DOCS_JS_URL,
    REACT_COMPONENT_VERSION,
    get_asyncapi_settings,
)
from chanx.channels.utils.settings import override_chanx_settings
from tests.asyncapi.validation import _skip_or_fail, node_modules

pytestmark = pytest.mark.urls("tests.channels_asyncapi.urls")


def served_document(**request: str) -> dict[str, object]:
    response = Client().get("/asyncapi/schema/", **request)  # type: ignore[arg-type]
    assert response.status_code == 200
    document: dict[str, object] = json.loads(response.content)
    return document


def test_defaults() -> None:
    config = get_asyncapi_settings()
    assert config.title == "WebSocket API"
    assert config.version == "1.0.0"
    assert config.description is None
    assert config.server_url is None
    assert config.server_protocol is None
    assert config.servers is None
    assert config.websocket_base_url is None
    assert config.docs_js_url == DEFAULT_DOCS_JS_URL
    assert config.docs_css_url == DEFAULT_DOCS_CSS_URL
    assert config.docs_js_integrity == DEFAULT_DOCS_JS_INTEGRITY
    assert config.docs_css_integrity == DEFAULT_DOCS_CSS_INTEGRITY
    assert DEFAULT_DOCS_JS_URL == (
        "https://unpkg.com/@asyncapi/react-component@3.2.1/browser/standalone/index.js"
    )
    assert DEFAULT_DOCS_CSS_URL == (
        "https://unpkg.com/@asyncapi/react-component@3.2.1/styles/default.min.css"
    )


@override_settings(
    CHANX={
        "ASYNCAPI_TITLE": "Chat",
        "ASYNCAPI_VERSION": "2.5.0",
        "ASYNCAPI_DESCRIPTION": "Rooms and more.",
        "ASYNCAPI_SERVER_URL": "wss://chat.example.com/realtime",
        "ASYNCAPI_CONTACT": {"name": "Team", "email": "team@example.com"},
        "ASYNCAPI_LICENSE": {"name": "MIT"},
    }
)
def test_override_settings_change_the_document() -> None:
    document = served_document()
    assert document["info"] == {
        "title": "Chat",
        "version": "2.5.0",
        "description": "Rooms and more.",
        "contact": {"name": "Team", "email": "team@example.com"},
        "license": {"name": "MIT"},
    }
    assert document["servers"] == {
        "default": {"host": "chat.example.com", "protocol": "wss", "pathname": "/realtime"}
    }


def test_override_chanx_settings_helper() -> None:
    with override_chanx_settings(asyncapi_title="Via helper"):
        assert served_document()["info"]["title"] == "Via helper"  # type: ignore[index]
    assert served_document()["info"]["title"] == "WebSocket API"  # type: ignore[index]


@override_settings(CHANX={"WEBSOCKET_BASE_URL": "ws://ws.example.com:9000"})
def test_websocket_base_url_is_the_fallback_server() -> None:
    assert served_document()["servers"] == {
        "default": {"host": "ws.example.com:9000", "protocol": "ws"}
    }


@override_settings(
    CHANX={
        "WEBSOCKET_BASE_URL": "ws://ws.example.com:9000",
        "ASYNCAPI_SERVER_URL": "api.example.com",
        "ASYNCAPI_SERVER_PROTOCOL": "wss",
    }
)
def test_server_url_beats_websocket_base_url_and_protocol_fills_the_scheme() -> None:
    assert served_document()["servers"] == {
        "default": {"host": "api.example.com", "protocol": "wss"}
    }


@override_settings(CHANX={"ASYNCAPI_SERVER_PROTOCOL": "wss"})
def test_server_protocol_applies_to_the_request_host() -> None:
    assert served_document()["servers"] == {"default": {"host": "testserver", "protocol": "wss"}}


@override_settings(
    CHANX={
        "ASYNCAPI_SERVER_URL": "ws://ignored.example.com",
        "ASYNCAPI_SERVERS": {
            "production": "wss://chat.example.com/ws",
            "staging": {
                "host": "staging.example.com",
                "protocol": "ws",
                "description": "Staging",
            },
        },
    }
)
def test_servers_setting_lists_every_server() -> None:
    assert served_document()["servers"] == {
        "production": {"host": "chat.example.com", "protocol": "wss", "pathname": "/ws"},
        "staging": {"host": "staging.example.com", "protocol": "ws", "description": "Staging"},
    }


@pytest.mark.parametrize("servers", [["a"], {"a": 1}, {"a": {"host": "x"}}])
def test_invalid_servers_setting(servers: object) -> None:
    with override_settings(CHANX={"ASYNCAPI_SERVERS": servers}), pytest.raises(TypeError):
        get_asyncapi_settings()


def test_overridden_asset_urls_drop_the_default_integrity() -> None:
    with override_settings(CHANX={"ASYNCAPI_DOCS_JS_URL": "/static/index.js"}):
        config = get_asyncapi_settings()
    assert config.docs_js_url == "/static/index.js"
    assert config.docs_js_integrity is None
    assert config.docs_css_integrity == DEFAULT_DOCS_CSS_INTEGRITY

    with override_settings(CHANX={"ASYNCAPI_DOCS_CSS_INTEGRITY": None}):
        config = get_asyncapi_settings()
    assert config.docs_css_url == DEFAULT_DOCS_CSS_URL
    assert config.docs_css_integrity is None


def _sri(path: Path) -> str:
    digest = hashlib.sha384(path.read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def test_default_integrity_matches_the_pinned_npm_package() -> None:
    modules = node_modules()
    if modules is None:
        _skip_or_fail("the shared tools' node_modules are missing (run setup.sh)")
    assert modules is not None
    component = modules / "@asyncapi" / "react-component"
    version = json.loads((component / "package.json").read_text())["version"]
    if version != REACT_COMPONENT_VERSION:
        _skip_or_fail(
            f"the shared tools install @asyncapi/react-component {version}, "
            f"chanx pins {REACT_COMPONENT_VERSION}"
        )
    assert _sri(component / "browser" / "standalone" / "index.js") == DEFAULT_DOCS_JS_INTEGRITY
    assert _sri(component / "styles" / "default.min.css") == DEFAULT_DOCS_CSS_INTEGRITY
