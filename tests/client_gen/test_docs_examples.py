"""The examples of docs/clients.md are real files, run against the live FastAPI sandbox."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chanx.client_gen import generate
from tests.client_gen.support import tsc
from tests.e2e_fastapi.sandbox import FastSandbox, start_sandbox
from tests.support.asgi_server import REPO_ROOT

EXAMPLES = REPO_ROOT / "docs" / "examples" / "clients"
EXPECTED = ["echo: hello", "error: handler_error", "alice: hi all"]


@pytest.fixture(scope="module")
def fastapi_sandbox() -> Iterator[FastSandbox]:
    running = start_sandbox()
    try:
        yield running
    finally:
        running.close()


@pytest.mark.parametrize("name", ["python_example.py", "typescript_example.ts"])
def test_docs_show_the_example_files_verbatim(name: str) -> None:
    docs = (REPO_ROOT / "docs" / "clients.md").read_text()
    example = (EXAMPLES / name).read_text()
    body = example.split("\n\n", 1)[1] if name.endswith(".py") else example
    assert body.strip() in docs, f"docs/clients.md is out of date with {name}"


@pytest.mark.e2e
def test_python_example_runs(tmp_path: Path, fastapi_sandbox: FastSandbox) -> None:
    generate(f"{fastapi_sandbox.server.http_url}/asyncapi.json", tmp_path / "sandbox_client")
    shutil.copy(EXAMPLES / "python_example.py", tmp_path)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO_ROOT}", "NO_PROXY": "*"}
    result = subprocess.run(
        [sys.executable, "python_example.py", fastapi_sandbox.server.ws_url],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # structlog's default configuration also prints the client's debug events.
    printed = [line for line in result.stdout.splitlines() if not line[:4].isdigit()]
    assert printed == EXPECTED


@pytest.mark.e2e
def test_typescript_example_runs(tmp_path: Path, fastapi_sandbox: FastSandbox) -> None:
    generate(f"{fastapi_sandbox.server.http_url}/asyncapi.json", tmp_path / "gen", "typescript")
    shutil.copy(EXAMPLES / "typescript_example.ts", tmp_path)
    compiled = tsc(tmp_path)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    result = subprocess.run(
        ["node", "out/typescript_example.js", fastapi_sandbox.server.ws_url],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == EXPECTED
