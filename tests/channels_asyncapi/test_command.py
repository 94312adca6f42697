"""``manage.py generate_asyncapi_schema``."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.channels.testapp import asgi as testapp_asgi


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_asyncapi_schema", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_yaml_to_stdout_by_default() -> None:
    out, _ = run()
    assert out.startswith("asyncapi: 3.0.0\n")
    document = yaml.safe_load(out)
    assert document["info"]["title"] == "WebSocket API"
    assert document["servers"] == {"default": {"host": "localhost:8000", "protocol": "ws"}}
    routes = [c for c in document["channels"].values() if "x-topic" not in c]
    assert len(routes) == len(testapp_asgi.websocket_urlpatterns)


def test_json_to_stdout() -> None:
    out, _ = run("--format", "json")
    document: dict[str, Any] = json.loads(out)
    assert document == yaml.safe_load(run()[0])


def test_unknown_format_is_refused() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        run("--format", "xml")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_writes_to_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "nested" / f"asyncapi.{fmt}"
    out, err = run("--format", fmt, "--file", str(target))

    assert out == ""
    assert str(target) in err
    text = target.read_text(encoding="utf-8")
    document = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    assert document["asyncapi"] == "3.0.0"
    assert text == run("--format", fmt)[0]


def test_unwritable_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(CommandError, match="Cannot write"):
        run("--file", str(blocker / "asyncapi.yaml"))


def test_every_option() -> None:
    out, _ = run(
        "--format=json",
        "--base-url=wss://chat.example.com/realtime",
        "--title=Chat",
        "--api-version=3.1.4",
        "--description=Rooms and more.",
    )
    document = json.loads(out)
    assert document["info"] == {
        "title": "Chat",
        "version": "3.1.4",
        "description": "Rooms and more.",
    }
    assert document["servers"] == {
        "default": {"host": "chat.example.com", "protocol": "wss", "pathname": "/realtime"}
    }


@override_settings(
    CHANX={
        "ASYNCAPI_TITLE": "From settings",
        "ASYNCAPI_VERSION": "9.9.9",
        "ASYNCAPI_SERVERS": {"prod": "wss://prod.example.com"},
    }
)
def test_settings_apply_and_options_override_them() -> None:
    document = json.loads(run("--format=json")[0])
    assert document["info"]["title"] == "From settings"
    assert document["info"]["version"] == "9.9.9"
    assert document["servers"] == {"prod": {"host": "prod.example.com", "protocol": "wss"}}

    document = json.loads(run("--format=json", "--title=Option", "--base-url=ws://h:1")[0])
    assert document["info"]["title"] == "Option"
    assert document["servers"] == {"default": {"host": "h:1", "protocol": "ws"}}


@override_settings(CHANX={"WEBSOCKET_BASE_URL": "wss://ws.example.com"})
def test_websocket_base_url_setting() -> None:
    document = json.loads(run("--format=json")[0])
    assert document["servers"] == {"default": {"host": "ws.example.com", "protocol": "wss"}}


@override_settings(ASGI_APPLICATION="tests.channels_asyncapi.routing_app.application")
def test_uses_the_configured_asgi_application() -> None:
    document = json.loads(run("--format=json")[0])
    addresses = [c["address"] for c in document["channels"].values()]
    assert addresses == [
        "/ws/rooms/{room_id}/",
        "/ws/rooms/{slug}/live/",
        "/api/{version}/{name}/",
        "/ws/archive/{year}/",
        "/ws/heartbeat",
    ]


@override_settings(ASGI_APPLICATION=None)
def test_missing_asgi_application_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="ASGI_APPLICATION is not set"):
        run()


def test_invalid_base_url_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="has no host"):
        run("--base-url=ws://")
