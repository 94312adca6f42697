"""The FastAPI docs page, served by a real uvicorn, renders offline in headless Chromium.

``server_app`` serves the locally installed ``@asyncapi/react-component`` files under
``/assets/`` (``CHANX_REACT_COMPONENT_DIR``) and points the docs page at them;
``render-docs-page`` blocks every non-loopback request, so the page must not need the
CDN. Skipped locally without node/Chromium/the shared tools, a failure under ``CI``.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels_asyncapi.test_browser import (  # the same tools as the Django test
    _render,  # pyright: ignore[reportPrivateUsage]
    _tools,  # pyright: ignore[reportPrivateUsage]
)
from tests.fast_channels_asyncapi.server_app import TITLE
from tests.support.asgi_server import AsgiServer


@pytest.fixture(scope="module")
def docs_server() -> Iterator[tuple[str, AsgiServer]]:
    node, component = _tools()
    server = AsgiServer(
        "tests.fast_channels_asyncapi.server_app:app",
        kind="uvicorn",
        env={"CHANX_REACT_COMPONENT_DIR": str(component)},
    )
    with server:
        yield node, server


def test_uvicorn_serves_the_document_and_the_assets(docs_server: tuple[str, AsgiServer]) -> None:
    _, server = docs_server
    with urllib.request.urlopen(f"{server.http_url}/asyncapi.json", timeout=10) as response:
        document = json.loads(response.read())
    assert document["info"]["title"] == TITLE
    assert document["servers"] == {
        "default": {"host": f"{server.host}:{server.port}", "protocol": "ws"}
    }
    assert document["channels"]["behaviour_3"]["address"] == "/rooms/{room_id}/chat"
    js = f"{server.http_url}/assets/browser/standalone/index.js"
    with urllib.request.urlopen(js, timeout=10) as response:
        assert response.status == 200
        assert b"AsyncApiStandalone" in response.read()


def test_docs_page_renders_offline_in_chromium(
    docs_server: tuple[str, AsgiServer], tmp_path: Path
) -> None:
    node, server = docs_server
    screenshot = tmp_path / "docs.png"

    proc = _render(
        node,
        f"{server.http_url}/asyncapi",
        str(screenshot),
        # The whole test app (216 operations with its topics) renders in ~25 s alone but
        # took over 60 s with the full suite on two busy cores; stay under pytest's 120 s.
        "--timeout=100000",
        f"--expect={TITLE}",
        "--expect=/rooms/{room_id}/chat",
        "--expect=behaviour.echo",
        "--expect=EchoMessage",
        "--expect=topics.topic.room.subscribe",  # topic channels render too
        "--expect=SubscribedMessage",
    )

    assert proc.returncode == 0, proc.stdout + proc.stderr + server.logs()
    summary = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert summary["rendered"] is True
    assert summary["blockedRequests"] == []  # nothing fetched from the network
    assert summary["asyncapi"]["errorPanel"] is None
    assert screenshot.is_file()
    assert screenshot.read_bytes().startswith(b"\x89PNG")
