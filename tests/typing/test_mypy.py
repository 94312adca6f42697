"""Run ``mypy --strict`` over the typing checks: positives pass, the negative case fails."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TYPING_DIR = Path(__file__).resolve().parent
NEGATIVE_DIR = TYPING_DIR / "negative"
WRONG_EVENT_CASE = NEGATIVE_DIR / "case_wrong_event.py"
ERROR_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$", re.M)


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private cache shared by this module's runs (parallel-safe, warm after the first)."""
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(cache_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache_dir), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def test_typing_checks_pass_mypy_strict(mypy_cache: Path) -> None:
    result = _mypy(
        mypy_cache, _relative(TYPING_DIR) + "/", "--exclude", f"^{_relative(NEGATIVE_DIR)}/"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
    checked = re.search(r"in (\d+) source files?", result.stdout)
    assert checked is not None
    assert int(checked.group(1)) >= 3  # __init__, test_types, test_mypy


def _expected_error_lines(path: Path) -> set[int]:
    lines = path.read_text().splitlines()
    return {
        number
        for number, text in enumerate(lines, start=1)
        if text.rstrip().endswith("# expect-error")
    }


def test_broadcasting_a_wrong_event_type_fails_mypy(mypy_cache: Path) -> None:
    expected = _expected_error_lines(WRONG_EVENT_CASE)
    assert expected, "the negative case must mark its failing lines"

    result = _mypy(mypy_cache, _relative(WRONG_EVENT_CASE))

    assert result.returncode == 1, result.stdout + result.stderr
    errors = [m.groupdict() for m in ERROR_LINE.finditer(result.stdout)]
    assert errors, result.stdout
    assert {e["path"] for e in errors} == {_relative(WRONG_EVENT_CASE)}, result.stdout
    assert {int(e["line"]) for e in errors} == expected, result.stdout
    assert {e["code"] for e in errors} == {"arg-type"}, result.stdout
    assert '"WrongEvent"; expected "MyEvent"' in result.stdout
