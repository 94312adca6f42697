"""The framework-free packages import with every web framework made unimportable."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

BLOCKED = (
    "django",
    "rest_framework",
    "channels",
    "fastapi",
    "starlette",
    "fast_channels",
    "daphne",
)

FENCED_PACKAGES = ("chanx.core", "chanx.messages", "chanx.utils", "tests.core")
FENCED_MODULES = ("chanx.constants",)

SCRIPT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import json
    import pkgutil
    import sys

    BLOCKED = set({blocked!r})

    class Fence(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname.split(".")[0] in BLOCKED:
                raise ImportError(f"blocked by the import fence: {{fullname}}")
            return None

    sys.meta_path.insert(0, Fence())

    result = {{"imported": [], "failed": {{}}, "leaked": [], "probe": None}}
    names = list({modules!r})
    for package_name in {packages!r}:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names.extend(
            info.name
            for info in pkgutil.walk_packages(package.__path__, prefix=package_name + ".")
        )
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException as exc:
            result["failed"][name] = f"{{type(exc).__name__}}: {{exc}}"
        else:
            result["imported"].append(name)
    result["leaked"] = sorted(
        m for m in sys.modules if m.split(".")[0] in BLOCKED
    )
    try:
        importlib.import_module("chanx.channels.websocket")
    except ImportError as exc:
        result["probe"] = str(exc)
    print(json.dumps(result))
    """
)


@pytest.fixture(scope="module")
def fenced() -> dict[str, object]:
    """One fenced interpreter run, shared by the tests of this module."""
    script = SCRIPT.format(blocked=BLOCKED, modules=FENCED_MODULES, packages=FENCED_PACKAGES)
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_framework_free_packages_import_without_frameworks(fenced: dict[str, object]) -> None:
    result = fenced

    assert result["failed"] == {}
    imported = result["imported"]
    assert isinstance(imported, list)
    # the walk really covered the packages (not just their __init__)
    for expected in (
        "chanx.constants",
        "chanx.core.consumer",
        "chanx.core.dispatch",
        "chanx.core.registry",
        "chanx.core.testing",
        "chanx.messages.base",
        "chanx.messages.outgoing",
        "chanx.utils",
    ):
        assert expected in imported
    assert result["leaked"] == []


def test_core_tests_are_framework_free_too(fenced: dict[str, object]) -> None:
    """``tests/core`` promises to run without any web framework installed."""
    imported = fenced["imported"]
    assert isinstance(imported, list)
    assert "tests.core.test_registry" in imported
    assert "tests.core.future_messages" in imported


def test_the_fence_really_blocks_framework_imports(fenced: dict[str, object]) -> None:
    probe = fenced["probe"]
    assert isinstance(probe, str)
    assert "blocked by the import fence" in probe
