"""Write generated files to disk (and ruff-format Python output when ruff is available)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["format_python", "write_files"]

#: ruff options for generated code: independent of any project configuration around it.
RUFF_ARGS = ("format", "--isolated", "--line-length", "100", "--quiet")


def _ruff_command() -> list[str] | None:
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    found = shutil.which("ruff")
    return [found] if found else None


def format_python(files: Mapping[str, str]) -> dict[str, str]:
    """``files`` with every ``.py`` file run through ``ruff format`` (unchanged without ruff)."""
    command = _ruff_command()
    if command is None:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="chanx-gen-") as tmp:
        root = Path(tmp)
        for name, text in files.items():
            if name.endswith(".py"):
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_text(text, encoding="utf-8")
        result = subprocess.run(
            [*command, *RUFF_ARGS, "."], cwd=root, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            return dict(files)
        return {
            name: (root / name).read_text(encoding="utf-8") if name.endswith(".py") else text
            for name, text in files.items()
        }


def write_files(output: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` under ``output``; files whose content is unchanged are not touched."""
    written: list[Path] = []
    for name in sorted(files):
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = files[name].encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            continue
        path.write_bytes(data)
        written.append(path)
    return written
