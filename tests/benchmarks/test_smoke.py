"""Smoke run of ``python -m benchmarks``: tiny sizes, correctness only (no timing)."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    results, report = tmp_path / "results.json", tmp_path / "benchmarks.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    argv = [sys.executable, "-m", "benchmarks", "--smoke", "--servers", "uvicorn", "--no-pin"]
    argv += ["--json", str(results), "--output", str(report)]
    redis = shutil.which("redis-server") is not None
    if not redis:
        argv.append("--no-redis")
    proc = subprocess.run(
        argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=90, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

    rows = json.loads(results.read_text())["rows"]
    scenarios = {row["scenario"] for row in rows}
    expected = {
        "echo, 1 client",
        "echo, 2 clients",
        "fan-out, 10 clients x 20 broadcasts, in-memory",
        "memory, 20 idle connections",
        "connect, no authenticator",
        "connect, with authenticator",
    }
    if redis:
        expected.add("fan-out, 10 clients x 20 broadcasts, Redis")
    assert scenarios == expected
    for row in rows:
        assert row["server"] == "uvicorn"
        assert row["errors"] == 0, row
        assert row["lost"] == 0, row
        for impl in ("chanx", "plain"):
            assert len(row["values"][impl]) == 1, row
            assert math.isfinite(row[impl]), row
        assert math.isfinite(row["ratio"]), row

    # Every echo request got its (checked) reply: 5 messages per client.
    rates = {row["scenario"]: row for row in rows if row["metric"] == "messages/s"}
    assert set(rates) == {"echo, 1 client", "echo, 2 clients"}

    table = proc.stdout
    assert "| chanx | hand-written | chanx / hand-written |" in table
    assert all(row["scenario"] in table for row in rows)
    markdown = report.read_text()
    assert "## Results" in markdown
    assert "| uvicorn | echo, 2 clients | messages/s" in markdown
