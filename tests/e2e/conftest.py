"""Fixtures of the end-to-end suite.

``sandbox`` (module scope) runs the sandbox project under daphne with the in-memory
channel layer, on a free port with its own SQLite file; each test module using it gets
its own server. Tests of one module share the server but run one after the other.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.sandbox import USERS, Sandbox, start_sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    db_path = tmp_path_factory.mktemp("sandbox-db") / "db.sqlite3"
    running = start_sandbox(db_path, usernames=USERS)
    try:
        yield running
    finally:
        running.close()
