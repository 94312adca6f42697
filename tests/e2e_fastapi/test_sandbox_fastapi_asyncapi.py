"""The FastAPI sandbox's AsyncAPI document passes the official validator with zero errors."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.asyncapi.validation import official_validate
from tests.e2e_fastapi.sandbox import APP, SERVER_ARGS, FastSandbox, sandbox_env
from tests.support.asgi_server import AsgiServer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_fastapi")]


def test_asyncapi_document_passes_the_official_validator(
    sandbox: FastSandbox, tmp_path: Path
) -> None:
    response = sandbox.http.get("/asyncapi.json")
    assert response.status_code == 200
    path = tmp_path / "sandbox-fastapi.asyncapi.json"
    path.write_text(json.dumps(response.json(), indent=2))
    report = official_validate(path, fail_on="warning")
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output


def test_docs_page_can_use_local_component_assets(tmp_path: Path) -> None:
    """``CHANX_SANDBOX_DOCS_ASSETS``: the page loads the component from the app itself."""
    (tmp_path / "browser" / "standalone").mkdir(parents=True)
    (tmp_path / "browser" / "standalone" / "index.js").write_text("/* component */")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "default.min.css").write_text("/* styles */")
    env = {**sandbox_env(), "CHANX_SANDBOX_DOCS_ASSETS": str(tmp_path)}
    with AsgiServer(APP, kind="uvicorn", env=env, extra_args=SERVER_ARGS) as server:
        http = httpx.Client(base_url=server.http_url, trust_env=False, timeout=10)
        with http:
            page = http.get("/asyncapi")
            assert page.status_code == 200
            assert "/asyncapi/assets/browser/standalone/index.js" in page.text
            assert "/asyncapi/assets/styles/default.min.css" in page.text
            assert "unpkg.com" not in page.text
            script = http.get("/asyncapi/assets/browser/standalone/index.js")
            assert script.status_code == 200
            assert script.text == "/* component */"
