"""The generated TypeScript clients, compiled with ``tsc --strict`` and run under Node.

* against the live uvicorn FastAPI sandbox: echo, request/reply, error frame, room
  broadcast (``node/fastapi_e2e.ts``);
* against :class:`FakeChanxServer`: topic subscribe/refusal, ``ref`` correlation,
  reconnect with backoff and topic resubscription (``node/topics_fake.ts``).

Node < 22 has no global WebSocket; the scripts inject the ``ws`` package.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chanx.client_gen import generate
from tests.client_gen.fake_server import FakeChanxServer
from tests.client_gen.support import FIXTURE, NODE_DIR, node_tools, tsc
from tests.e2e_fastapi.sandbox import FastSandbox, start_sandbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fastapi_sandbox() -> Iterator[FastSandbox]:
    running = start_sandbox()
    try:
        yield running
    finally:
        running.close()


def compile_script(root: Path, script: str) -> Path:
    shutil.copy(NODE_DIR / script, root / script)
    result = tsc(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out" / script.replace(".ts", ".js")


def test_typescript_client_against_the_fastapi_sandbox(
    tmp_path: Path, fastapi_sandbox: FastSandbox
) -> None:
    node_tools()
    generate(f"{fastapi_sandbox.server.http_url}/asyncapi.json", tmp_path / "gen", "typescript")
    script = compile_script(tmp_path, "fastapi_e2e.ts")
    result = subprocess.run(
        ["node", str(script)],
        cwd=tmp_path,
        env={**os.environ, "CHANX_BASE_URL": fastapi_sandbox.server.ws_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "echo": "HIHI",
        "crash": "handler_error",
        "pong": "pong",
        "broadcast": "alice: hello from ts",
        "refused": 4401,
    }


async def test_typescript_topics_and_reconnect(tmp_path: Path) -> None:
    node_tools()
    generate(str(FIXTURE), tmp_path / "gen", "typescript")
    script = compile_script(tmp_path, "topics_fake.ts")
    async with FakeChanxServer() as server:
        proc = await asyncio.create_subprocess_exec(
            "node",
            str(script),
            cwd=tmp_path,
            env={**os.environ, "CHANX_BASE_URL": server.url},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with asyncio.timeout(60):
                stdout, stderr = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, stdout.decode() + stderr.decode()
    results = json.loads(stdout.decode().strip().splitlines()[-1])
    assert results == {
        "posted": "posted",
        "said": "me",
        "broadcast": "echo",
        "unknown": "unknown_topic",
        "notSubscribed": "not_subscribed",
        "resubscribed": "again",
    }
    # The second connection started with the resubscription of the wanted topic only.
    assert len(server.connections) == 2
    first = server.connections[1].frames[0]
    assert (first["action"], first["topic"]) == ("subscribe", "thread:1")
    assert server.connections[1].path == "/ws/rooms/lobby?token=t-2"
