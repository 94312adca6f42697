"""The ``schema/`` and ``docs/`` views of ``chanx.channels.urls``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from django.test import Client, override_settings
from django.urls import reverse
from structlog.testing import capture_logs

from chanx.channels import schema as project_schema
from chanx.channels.asyncapi_settings import (
    DEFAULT_DOCS_CSS_INTEGRITY,
    DEFAULT_DOCS_CSS_URL,
    DEFAULT_DOCS_JS_INTEGRITY,
    DEFAULT_DOCS_JS_URL,
)
from chanx.channels.views import GENERATION_FAILED

pytestmark = pytest.mark.urls("tests.channels_asyncapi.urls")

HOSTILE = "</script><script>alert('x')</script> <!-- & \u2028"


@pytest.fixture
def http() -> Client:
    return Client()


def embedded_document(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="asyncapi-schema">(.*?)</script>', page, re.S
    )
    assert match is not None, page[:500]
    document: dict[str, Any] = json.loads(match.group(1))
    return document


def test_url_names() -> None:
    assert reverse("asyncapi_schema") == "/asyncapi/schema/"
    assert reverse("asyncapi_docs") == "/asyncapi/docs/"


def test_schema_is_json_by_default(http: Client) -> None:
    response = http.get("/asyncapi/schema/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] == "WebSocket API"
    assert document["info"]["version"] == "1.0.0"
    assert document["servers"] == {"default": {"host": "testserver", "protocol": "ws"}}
    assert "/ws/rooms/{room_name}/" in {c["address"] for c in document["channels"].values()}


def test_schema_as_json_explicitly(http: Client) -> None:
    response = http.get("/asyncapi/schema/", {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(http.get("/asyncapi/schema/").content)


def test_schema_as_yaml(http: Client) -> None:
    response = http.get("/asyncapi/schema/", {"format": "YAML"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml"
    text = response.content.decode()
    assert text.startswith("asyncapi: 3.0.0\n")
    as_json = json.loads(http.get("/asyncapi/schema/").content)
    assert yaml.safe_load(text) == as_json


def test_schema_unknown_format_is_a_400(http: Client) -> None:
    response = http.get("/asyncapi/schema/", {"format": "xml"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Unknown format 'xml': use ?format=json or ?format=yaml."


def test_schema_rejects_post(http: Client) -> None:
    assert http.post("/asyncapi/schema/").status_code == 405


def test_schema_over_https_documents_wss(http: Client) -> None:
    response = http.get("/asyncapi/schema/", secure=True, HTTP_HOST="api.example.com:8443")
    servers = json.loads(response.content)["servers"]
    assert servers == {"default": {"host": "api.example.com:8443", "protocol": "wss"}}


def test_schema_generation_error_is_logged_and_raised(
    http: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("generator exploded")

    monkeypatch.setattr(project_schema, "generate_asyncapi", boom)
    http.raise_request_exception = False
    with capture_logs() as logs:
        response = http.get("/asyncapi/schema/")
    assert response.status_code == 500
    assert [e["event"] for e in logs if e["event"] == GENERATION_FAILED] == [GENERATION_FAILED]


def test_docs_page_embeds_the_escaped_document_and_pinned_assets(http: Client) -> None:
    with override_settings(CHANX={"ASYNCAPI_DESCRIPTION": HOSTILE}):
        response = http.get("/asyncapi/docs/")
        served = json.loads(http.get("/asyncapi/schema/").content)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert page.count("</script>") == 3
    assert "<script>alert" not in page
    document = embedded_document(page)
    assert document["info"]["description"] == HOSTILE
    assert document == served
    assert (
        f'<script src="{DEFAULT_DOCS_JS_URL}" integrity="{DEFAULT_DOCS_JS_INTEGRITY}" '
        'crossorigin="anonymous"></script>'
    ) in page
    assert (
        f'<link rel="stylesheet" href="{DEFAULT_DOCS_CSS_URL}" '
        f'integrity="{DEFAULT_DOCS_CSS_INTEGRITY}" crossorigin="anonymous">'
    ) in page
    assert "<title>WebSocket API</title>" in page


@override_settings(
    CHANX={
        "ASYNCAPI_TITLE": "Chat <API>",
        "ASYNCAPI_DOCS_JS_URL": "/static/asyncapi/index.js",
        "ASYNCAPI_DOCS_CSS_URL": "/static/asyncapi/default.min.css",
    }
)
def test_docs_page_with_self_hosted_assets_has_no_integrity(http: Client) -> None:
    page = http.get("/asyncapi/docs/").content.decode()

    assert '<script src="/static/asyncapi/index.js"></script>' in page
    assert '<link rel="stylesheet" href="/static/asyncapi/default.min.css">' in page
    assert "integrity=" not in page
    assert "<title>Chat &lt;API&gt;</title>" in page
    assert embedded_document(page)["info"]["title"] == "Chat <API>"


@override_settings(
    CHANX={
        "ASYNCAPI_DOCS_JS_URL": "https://cdn.example.com/index.js",
        "ASYNCAPI_DOCS_JS_INTEGRITY": "sha384-js",
        "ASYNCAPI_DOCS_CSS_INTEGRITY": "sha384-css",
    }
)
def test_docs_page_with_configured_integrity(http: Client) -> None:
    page = http.get("/asyncapi/docs/").content.decode()

    assert (
        '<script src="https://cdn.example.com/index.js" integrity="sha384-js" '
        'crossorigin="anonymous"></script>'
    ) in page
    assert (
        f'<link rel="stylesheet" href="{DEFAULT_DOCS_CSS_URL}" integrity="sha384-css" '
        'crossorigin="anonymous">'
    ) in page


@pytest.mark.parametrize("debug", [False, True])
def test_docs_page_shows_an_error_page_when_generation_fails(
    http: Client, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("generator <exploded>")

    monkeypatch.setattr(project_schema, "generate_asyncapi", boom)
    with capture_logs() as logs, override_settings(DEBUG=debug):
        response = http.get("/asyncapi/docs/")

    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "The AsyncAPI document could not be generated" in page
    assert "RuntimeError" in page
    if debug:
        assert "RuntimeError: generator &lt;exploded&gt;" in page
    else:
        assert "exploded" not in page
        assert GENERATION_FAILED in page
    failures = [e for e in logs if e["event"] == GENERATION_FAILED]
    assert len(failures) == 1
    assert failures[0]["log_level"] == "error"
    assert failures[0]["path"] == "/asyncapi/docs/"


def test_docs_page_error_on_invalid_settings(http: Client) -> None:
    with override_settings(CHANX={"ASYNCAPI_SERVERS": ["not", "a", "mapping"]}):
        response = http.get("/asyncapi/docs/")
    assert response.status_code == 500
    assert "TypeError" in response.content.decode()
