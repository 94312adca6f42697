"""``chanx.asyncapi`` and ``chanx.routing`` import no web framework (and PyYAML only lazily)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKED = ("django", "rest_framework", "channels", "fastapi", "starlette", "fast_channels", "yaml")

SCRIPT = f"""
import sys

BLOCKED = {BLOCKED!r}


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked import of {{name}}")
        return None


sys.meta_path.insert(0, Blocker())
import chanx.asyncapi
import chanx.asyncapi.generator
import chanx.asyncapi.render
import chanx.asyncapi.schemas
import chanx.asyncapi.spec
import chanx.routing
from chanx.asyncapi import generate_asyncapi, to_json
from tests.asyncapi.apps import full_routes

to_json(generate_asyncapi(full_routes(), title="T", version="1"))
try:
    chanx.asyncapi.to_yaml({{}})
except ImportError as exc:
    assert "pip install" in str(exc), exc
else:
    raise AssertionError("to_yaml must fail with an install hint without PyYAML")
leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED or m == "chanx.channels")
assert not leaked, leaked
print("ok")
"""


def test_asyncapi_and_routing_are_framework_free() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
