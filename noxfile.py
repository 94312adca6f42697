"""Nox sessions for chanx.

The usual way to run them is inside the project's own venv, without nox creating
virtualenvs (this is what ``scripts/test`` does)::

    .venv/bin/python -m nox --no-venv -s lint typecheck tests -- -k something

Without ``--no-venv`` each session gets its own virtualenv with the project installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
EXTRAS = "channels,fast_channels,redis,cli,client,dev"

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_venv = "yes"


def _passthrough(session: nox.Session) -> bool:
    """True when the session runs in the current environment (``--no-venv``)."""
    return session.venv_backend == "none"


def _setup(session: nox.Session) -> None:
    if not _passthrough(session):
        session.install("-e", f".[{EXTRAS}]")


def _python(session: nox.Session) -> str:
    return sys.executable if _passthrough(session) else "python"


def _tool(session: nox.Session, name: str) -> str:
    """Path of a console script (next to the running interpreter when passthrough)."""
    if _passthrough(session):
        candidate = Path(sys.executable).parent / name
        if candidate.exists():
            return str(candidate)
    return name


def _run(session: nox.Session, *args: str) -> None:
    session.run(*args, external=_passthrough(session))


def _lint_targets() -> list[str]:
    names = ["chanx", "tests", "noxfile.py", "scripts", "benchmarks"]
    names += sorted(p.name for p in ROOT.glob("sandbox_*") if p.is_dir())
    return [name for name in names if (ROOT / name).exists()]


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint + format check."""
    _setup(session)
    targets = _lint_targets()
    _run(session, _python(session), "-m", "ruff", "check", *targets)
    _run(session, _python(session), "-m", "ruff", "format", "--check", *targets)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy (strict, per pyproject), pyright (strict) and the import-linter contracts."""
    _setup(session)
    _run(session, _python(session), "-m", "mypy")
    _run(session, _tool(session, "pyright"))
    _run(session, _tool(session, "lint-imports"))


def _pytest(session: nox.Session, *paths: str) -> None:
    args = [_python(session), "-m", "pytest"]
    workers = os.environ.get("CHANX_TEST_WORKERS", "2")
    if workers not in ("", "0", "1"):
        args += ["-n", workers, "--dist", "loadfile"]
    args += list(paths)
    args += session.posargs
    _run(session, *args)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite (parallel with pytest-xdist; CHANX_TEST_WORKERS=0 disables)."""
    _setup(session)
    _pytest(session)


@nox.session
def tests_core(session: nox.Session) -> None:
    """Framework-agnostic core tests only."""
    _setup(session)
    _pytest(session, "tests/core")


@nox.session
def tests_django(session: nox.Session) -> None:
    """Django Channels integration tests (and the shared behaviour suite: -k django)."""
    _setup(session)
    _pytest(session, "tests/channels", "tests/channels_asyncapi", "tests/behaviour")


@nox.session
def tests_fastapi(session: nox.Session) -> None:
    """FastAPI integration tests (and the shared behaviour suite: -k fastapi)."""
    _setup(session)
    _pytest(
        session,
        "tests/fast_channels",
        "tests/fast_channels_asyncapi",
        "tests/fast_channels_layers",
        "tests/e2e_fastapi",
        "tests/behaviour",
    )


@nox.session
def tests_clients(session: nox.Session) -> None:
    """Client generator and runtime tests (TypeScript ones need node + scripts/bootstrap.sh)."""
    _setup(session)
    _pytest(session, "tests/client_gen")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: chanx vs hand-written Channels consumers (docs/benchmarks.md).

    ``nox --no-venv -s bench -- --quick``; pass ``--output docs/benchmarks.md`` to
    update the report.
    """
    _setup(session)
    _run(session, _python(session), "-m", "benchmarks", *session.posargs)
