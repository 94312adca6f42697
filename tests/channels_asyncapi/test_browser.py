"""The docs page, served by a real daphne, renders offline in headless Chromium.

The test project (``server_settings``/``server_urls``/``server_asgi``) serves the locally
installed ``@asyncapi/react-component`` files under ``/assets/`` and points
``ASYNCAPI_DOCS_JS_URL``/``ASYNCAPI_DOCS_CSS_URL`` at them; ``render-docs-page`` blocks
every non-loopback request, so the page must not need the CDN. Skipped locally without
node/Chromium/the shared tools, a failure under ``CI``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.asyncapi.validation import TOOLS, _skip_or_fail, node_modules
from tests.support.asgi_server import AsgiServer

CHROMIUM = Path("/usr/bin/chromium")


def _tools() -> tuple[str, Path]:
    node = shutil.which("node")
    modules = node_modules()
    if node is None or modules is None or not (modules / "playwright-core").is_dir():
        _skip_or_fail(f"node and the shared tools are needed: run `bash {TOOLS}/setup.sh`")
    if not CHROMIUM.exists():
        _skip_or_fail("chromium is not installed (setup.sh installs it)")
    assert node is not None
    assert modules is not None
    component = modules / "@asyncapi" / "react-component"
    if not (component / "browser" / "standalone" / "index.js").is_file():
        _skip_or_fail(f"{component} has no standalone bundle: run `bash {TOOLS}/setup.sh`")
    return node, component


@pytest.fixture(scope="module")
def docs_server() -> Iterator[tuple[str, AsgiServer]]:
    node, component = _tools()
    server = AsgiServer(
        "tests.channels_asyncapi.server_asgi:application",
        kind="daphne",
        env={
            "DJANGO_SETTINGS_MODULE": "tests.channels_asyncapi.server_settings",
            "CHANX_REACT_COMPONENT_DIR": str(component),
        },
    )
    with server:
        yield node, server


def _render(node: str, url: str, out: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node, str(TOOLS / "render-docs-page"), url, out, "--timeout=60000", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_server_serves_the_schema_and_the_assets(docs_server: tuple[str, AsgiServer]) -> None:
    _, server = docs_server
    with urllib.request.urlopen(f"{server.http_url}/asyncapi/schema/", timeout=10) as response:
        document = json.loads(response.read())
    assert document["info"]["title"] == "Weather station"
    assert document["servers"] == {
        "default": {"host": f"{server.host}:{server.port}", "protocol": "ws"}
    }
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
        f"{server.http_url}/asyncapi/docs/",
        str(screenshot),
        "--expect=Weather station",
        "--expect=weather.get_forecast",
        "--expect=ForecastRequest",
    )

    assert proc.returncode == 0, proc.stdout + proc.stderr + server.logs()
    summary = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert summary["rendered"] is True
    assert summary["blockedRequests"] == []  # nothing fetched from the network
    assert summary["asyncapi"]["errorPanel"] is None
    assert screenshot.is_file()
