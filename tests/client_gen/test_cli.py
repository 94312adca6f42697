"""``chanx generate-client``: success from a file or URL, and one-line errors (no traceback)."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.client_gen.support import FIXTURE
from tests.support.asgi_server import REPO_ROOT
from tests.support.ports import free_port


def chanx(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the console script's entry point as a real process."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "NO_PROXY": "*"}
    return subprocess.run(
        [sys.executable, "-m", "chanx.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert fragment in lines[0]


class _Handler(http.server.BaseHTTPRequestHandler):
    documents: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.documents.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/yaml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Handler)
    _Handler.documents = {
        "/asyncapi.yaml": yaml.safe_dump(json.loads(FIXTURE.read_text())).encode()
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_console_script_is_declared() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["chanx"] == "chanx.cli:main"


def test_generates_python_from_a_file(tmp_path: Path) -> None:
    result = chanx("generate-client", "--schema", str(FIXTURE), "--output", "pkg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "python client written to pkg" in result.stdout
    assert (tmp_path / "pkg" / "rooms" / "client.py").exists()


def test_generates_typescript_from_a_yaml_url(tmp_path: Path, http_server: str) -> None:
    result = chanx(
        "generate-client",
        "--schema",
        f"{http_server}/asyncapi.yaml",
        "--output",
        "ts",
        "--language",
        "typescript",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ts" / "runtime.ts").exists()
    assert "class RoomsClient" in (tmp_path / "ts" / "rooms" / "client.ts").read_text()


def test_missing_file(tmp_path: Path) -> None:
    result = chanx("generate-client", "--schema", "nope.json", "--output", "out", cwd=tmp_path)
    assert_one_line_error(result, "schema file not found: nope.json")
    assert not (tmp_path / "out").exists()


def test_directory_instead_of_file(tmp_path: Path) -> None:
    result = chanx("generate-client", "--schema", ".", "--output", "out", cwd=tmp_path)
    assert_one_line_error(result, "not a file")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{'asyncapi': [1, 2\n", "neither valid JSON nor YAML"),
        ("- just\n- a list\n", "top level is not an object"),
        ('{"openapi": "3.1.0"}', "no 'asyncapi' version field"),
        ('{"asyncapi": "2.6.0", "channels": {}}', "AsyncAPI 2.6.0; only AsyncAPI 3.x"),
        ('{"asyncapi": "3.0.0", "channels": {}}', "no channels"),
        (
            '{"asyncapi": "3.0.0", "channels": {"c": {"address": "/c"}}, "operations": '
            '{"o": {"action": "receive", "channel": {"$ref": "#/channels/c"}, '
            '"messages": [{"$ref": "#/channels/c/messages/M"}]}}}',
            "unresolved message reference #/channels/c/messages/M",
        ),
    ],
)
def test_bad_documents(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "doc.json").write_text(text)
    result = chanx("generate-client", "--schema", "doc.json", "--output", "out", cwd=tmp_path)
    assert_one_line_error(result, fragment)


def test_http_404(tmp_path: Path, http_server: str) -> None:
    url = f"{http_server}/missing.json"
    result = chanx("generate-client", "--schema", url, "--output", "out", cwd=tmp_path)
    assert_one_line_error(result, f"cannot fetch {url}: HTTP 404 Not Found")


def test_connection_refused(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/asyncapi.json"
    result = chanx("generate-client", "--schema", url, "--output", "out", cwd=tmp_path)
    assert_one_line_error(result, f"cannot fetch {url}")


def test_output_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    result = chanx(
        "generate-client", "--schema", str(FIXTURE), "--output", "taken/pkg", cwd=tmp_path
    )
    assert_one_line_error(result, "cannot write taken/pkg")


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = chanx(
        "generate-client", "--schema", str(FIXTURE), "--output", "o", "--language", "go",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "'go' is not one of" in result.stderr
