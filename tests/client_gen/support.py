"""Helpers of the client generator tests: generate, type-check, compile TypeScript."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chanx.client_gen import Language, build_spec, render
from chanx.client_gen.loader import parse_document
from tests.support.asgi_server import REPO_ROOT

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "app.json"
GOLDEN = HERE / "golden"
NODE_DIR = HERE / "node"
#: Where `npm ci` installs typescript + ws (scripts/bootstrap.sh does it; see docs/clients.md).
NODE_TOOLS = Path(os.environ.get("CHANX_NODE_TOOLS", Path.home() / ".cache" / "chanx-node-tools"))
#: Set to 1 to rewrite the golden files instead of comparing them.
UPDATE_GOLDENS = os.environ.get("CHANX_UPDATE_GOLDENS") == "1"

TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "lib": ["ES2022", "DOM"],
        "types": ["node"],
        "noUnusedLocals": True,
        "noUnusedParameters": True,
        "noImplicitOverride": True,
        "noUncheckedIndexedAccess": True,
        "exactOptionalPropertyTypes": True,
        "isolatedModules": True,
        "outDir": "out",
        "rootDir": ".",
    },
    "include": ["**/*.ts"],
    "exclude": ["out", "node_modules"],
}


def render_document(document: dict[str, Any], language: Language) -> dict[str, str]:
    return render(build_spec(parse_document(json.dumps(document))), language)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run_mypy_strict(directory: Path, package: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on a generated package (outside the repo's mypy configuration)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-incremental",
            "--config-file", os.devnull, "--cache-dir", os.devnull, package,
        ],
        cwd=directory, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def node_tools() -> Path:
    """The installed node tooling, or skip (with the command that installs it)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    tsc = NODE_TOOLS / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        pytest.skip(
            f"typescript is not installed in {NODE_TOOLS}: run scripts/bootstrap.sh "
            f"(or: mkdir -p {NODE_TOOLS} && cp {NODE_DIR}/package*.json {NODE_TOOLS} "
            f"&& npm ci --prefix {NODE_TOOLS})"
        )
    return NODE_TOOLS


def prepare_ts_project(root: Path) -> None:
    """tsconfig (strict and then some), ESM package.json and node_modules in ``root``."""
    tools = node_tools()
    (root / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2), encoding="utf-8")
    (root / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    link = root / "node_modules"
    if not link.exists():
        link.symlink_to(tools / "node_modules", target_is_directory=True)


def tsc(root: Path) -> subprocess.CompletedProcess[str]:
    """``tsc -p root`` (strict); compiled JavaScript goes to ``root/out``."""
    prepare_ts_project(root)
    return subprocess.run(
        [str(node_tools() / "node_modules" / ".bin" / "tsc"), "-p", str(root)],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
