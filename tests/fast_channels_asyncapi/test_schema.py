"""``generate_app_asyncapi``: configuration, camelize override, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from chanx.asyncapi import generate_asyncapi, to_json
from chanx.fast_channels.discovery import discover_routes
from chanx.fast_channels.schema import generate_app_asyncapi
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from tests.fast_channels import consumers
from tests.fast_channels_asyncapi.apps import mounted_app

ROOT = Path(__file__).resolve().parents[2]


def single(consumer: type[AsyncJsonWebsocketConsumer[Any]]) -> FastAPI:
    app = FastAPI()
    app.router.add_websocket_route("/ws/", consumer.as_asgi())
    return app


def test_same_document_as_the_generator_on_the_discovered_routes() -> None:
    app = mounted_app()
    expected = generate_asyncapi(
        discover_routes(app), title="WebSocket API", version="1.0.0", server_url="ws://h:1"
    )
    assert generate_app_asyncapi(app, default_server_url="ws://h:1") == expected
    assert generate_app_asyncapi(app, {"server_url": "ws://h:1"}) == expected


def test_generation_is_deterministic() -> None:
    first = to_json(generate_app_asyncapi(mounted_app(), {"camelize": True}))
    second = to_json(generate_app_asyncapi(mounted_app(), {"camelize": True}))
    assert first == second


def test_without_camelize_each_consumer_is_documented_as_it_sends() -> None:
    snake = json.dumps(generate_app_asyncapi(single(consumers.BehaviourConsumer)))
    camel = json.dumps(generate_app_asyncapi(single(consumers.CamelConsumer)))
    assert '"firstName"' not in snake
    assert '"first_name"' in snake
    assert '"firstName"' in camel


def test_camelize_overrides_every_consumer_in_the_document_only() -> None:
    app = single(consumers.BehaviourConsumer)
    plain = generate_app_asyncapi(app)
    camel = generate_app_asyncapi(app, {"camelize": True})

    assert '"firstName"' in json.dumps(camel)
    assert '"first_name"' not in json.dumps(camel["components"]["schemas"])
    # Same channel (name, address, description), operations and messages names.
    assert camel["channels"].keys() == plain["channels"].keys()
    for key, channel in plain["channels"].items():
        assert {k: v for k, v in camel["channels"][key].items() if k != "messages"} == {
            k: v for k, v in channel.items() if k != "messages"
        }
    assert camel["operations"].keys() == plain["operations"].keys()
    # The consumer itself is unchanged.
    assert consumers.BehaviourConsumer.camelize is False

    snake = generate_app_asyncapi(single(consumers.CamelConsumer), {"camelize": False})
    assert '"firstName"' not in json.dumps(snake)


def test_camelize_matching_the_consumer_changes_nothing() -> None:
    app = single(consumers.CamelConsumer)
    assert generate_app_asyncapi(app, {"camelize": True}) == generate_app_asyncapi(app)


IMPORTS = """
import sys

BLOCKED = {blocked!r}


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked import of {{name}}")
        return None


sys.meta_path.insert(0, Blocker())
{body}
print("ok")
"""


def run_blocked(blocked: tuple[str, ...], body: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", IMPORTS.format(blocked=blocked, body=body)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=60,
    )


def test_importing_the_package_needs_neither_fastapi_nor_yaml() -> None:
    proc = run_blocked(
        ("fastapi", "yaml", "django", "channels"),
        "import chanx.fast_channels\n"
        "assert 'asyncapi_router' in chanx.fast_channels.__all__\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in BLOCKED)\n"
        "assert not leaked, leaked\n",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_yaml_is_only_needed_for_the_yaml_endpoint() -> None:
    body = """
import asyncio
from starlette.requests import Request
from chanx.fast_channels import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml
from tests.fast_channels.app import create_app

app = create_app()
request = Request({"type": "http", "method": "GET", "path": "/", "headers": [(b"host", b"h")],
                   "query_string": b"", "scheme": "http", "server": ("h", 80)})
assert asyncio.run(asyncapi_spec_json(request, app)).status_code == 200
assert asyncio.run(asyncapi_docs(request, app)).status_code == 200
try:
    asyncio.run(asyncapi_spec_yaml(request, app))
except ImportError as exc:
    assert "pip install" in str(exc), exc
else:
    raise AssertionError("YAML without PyYAML must fail with an install hint")
"""
    proc = run_blocked(("yaml", "django", "channels"), body)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
