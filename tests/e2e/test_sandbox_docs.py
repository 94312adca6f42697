"""The sandbox's AsyncAPI document and docs page, served by a real daphne.

The document must pass the official AsyncAPI parser with zero errors, and the docs
page must render in headless Chromium with the component served locally (offline).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.asyncapi.validation import TOOLS, _skip_or_fail, node_modules, official_validate
from tests.e2e.sandbox import APP, prepare_database, sandbox_env
from tests.support.asgi_server import AsgiServer

pytestmark = pytest.mark.e2e


def _component_dir() -> Path:
    modules = node_modules()
    component = modules / "@asyncapi" / "react-component" if modules else None
    if component is None or not (component / "browser" / "standalone" / "index.js").is_file():
        _skip_or_fail(f"the AsyncAPI component is not installed: run `bash {TOOLS}/setup.sh`")
    assert component is not None
    return component


@pytest.fixture(scope="module")
def docs_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AsgiServer]:
    env = sandbox_env(tmp_path_factory.mktemp("sandbox-docs") / "db.sqlite3")
    env["CHANX_SANDBOX_DOCS_ASSETS"] = str(_component_dir())
    prepare_database(env, [])
    with AsgiServer(APP, kind="daphne", env=env) as server:
        yield server


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=15) as response:
        body: bytes = response.read()
        return body


def test_sandbox_document_passes_the_official_parser(
    docs_sandbox: AsgiServer, tmp_path: Path
) -> None:
    document = json.loads(_get(f"{docs_sandbox.http_url}/asyncapi/schema/?format=json"))
    channels = {"system", "chat", "assistant", "notifications", "discussions", "thread"}
    assert channels == {name.split(".")[0] for name in document["operations"]}, document[
        "operations"
    ].keys()
    for fmt in ("json", "yaml"):
        path = tmp_path / f"sandbox.{fmt}"
        path.write_bytes(_get(f"{docs_sandbox.http_url}/asyncapi/schema/?format={fmt}"))
        report = official_validate(path)
        assert report.of("error") == [], report.output


def test_sandbox_docs_page_renders_offline_in_chromium(
    docs_sandbox: AsgiServer, tmp_path: Path
) -> None:
    node = shutil.which("node")
    if node is None or not Path("/usr/bin/chromium").exists():
        _skip_or_fail("node and chromium are needed: run the shared tools' setup.sh")
    assert node is not None
    proc = subprocess.run(
        [
            node,
            str(TOOLS / "render-docs-page"),
            f"{docs_sandbox.http_url}/asyncapi/docs/",
            str(tmp_path / "sandbox-docs.png"),
            "--timeout=60000",
            "--expect=chanx sandbox",
            "--expect=system.ping",
            "--expect=EchoMessage",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr + docs_sandbox.logs()
    summary = json.loads(proc.stdout[proc.stdout.index("{") :])
    assert summary["blockedRequests"] == []
    assert summary["asyncapi"]["errorPanel"] is None
