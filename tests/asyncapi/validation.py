"""Validators for generated documents: the official JS parser + Spectral, and JSON Schema.

``official_validate`` runs ``/work/shared/tools/asyncapi-validate`` (``@asyncapi/parser``
plus Spectral's AsyncAPI rules). Without ``node`` or the tool's ``node_modules`` the
test is skipped with a hint, except under ``CI`` where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import running_in_ci

SHARED = Path(os.environ.get("CHANX_SHARED_DIR", "/work/shared"))
TOOLS = SHARED / "tools"
VALIDATOR = TOOLS / "asyncapi-validate"
SCHEMA = SHARED / "asyncapi" / "asyncapi-3.0.0.schema.json"
NODE_MODULE_DIRS = (
    TOOLS / "node_modules",
    Path.home() / ".cache" / "chanx-shared-tools" / "node_modules",
)


def _skip_or_fail(reason: str) -> None:
    if running_in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def node_modules() -> Path | None:
    for folder in NODE_MODULE_DIRS:
        if (folder / "@asyncapi" / "parser").is_dir():
            return folder
    return None


def require_validator() -> str:
    node = shutil.which("node")
    if node is None:
        _skip_or_fail("node is not installed: the official AsyncAPI parser cannot run")
    if not VALIDATOR.is_file():
        _skip_or_fail(f"{VALIDATOR} is missing")
    if node_modules() is None:
        _skip_or_fail(f"the validator's node_modules are missing: run `bash {TOOLS}/setup.sh`")
    return str(node)


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    engine: str
    code: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    returncode: int
    parsed: bool
    diagnostics: tuple[Diagnostic, ...]
    output: str

    def of(self, severity: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == severity]


def official_validate(path: Path, *, fail_on: str = "error") -> ValidationReport:
    node = require_validator()
    proc = subprocess.run(
        [node, str(VALIDATOR), f"--fail-on={fail_on}", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    diagnostics = tuple(
        Diagnostic(d["severity"], d["engine"], d["code"], d["path"], d["message"])
        for d in result["diagnostics"]
    )
    return ValidationReport(proc.returncode, bool(result["parsed"]), diagnostics, proc.stdout)


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft7Validator  # type: ignore[import-untyped]

    return Draft7Validator(json.loads(SCHEMA.read_text()))


def json_schema_errors(document: dict[str, Any]) -> list[str]:
    """Structural errors of ``document`` under the official 3.0.0 JSON Schema."""
    if not SCHEMA.is_file():
        _skip_or_fail(f"{SCHEMA} is missing")
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _schema_validator().iter_errors(document)
    ]


def route_addresses(document: dict[str, Any]) -> dict[str, str]:
    """Channel key -> address of the route channels (topic channels share their route's)."""
    return {
        name: channel["address"]
        for name, channel in document["channels"].items()
        if "x-topic" not in channel
    }
