"""A real server per integration for the security tests (module-scoped).

* ``server``: uvicorn serving :mod:`tests.security.fastapi_app` and daphne
  (``python -m chanx.channels.daphne``) serving :mod:`tests.security.django_asgi` on a
  fresh SQLite file. Both log structlog events as JSON lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.asgi_server import AsgiServer


@pytest.fixture(scope="module", params=["django-daphne", "fastapi-uvicorn"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AsgiServer]:
    if request.param == "django-daphne":
        db = Path(tmp_path_factory.mktemp("security-db")) / "db.sqlite3"
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.security.django_settings",
            "CHANX_SECURITY_DB": str(db),
        }
        app, kind = "tests.security.django_asgi:application", "daphne"
    else:
        env, app, kind = {}, "tests.security.fastapi_app:app", "uvicorn"
    with AsgiServer(app, kind=kind, env=env) as running:  # type: ignore[arg-type]
        yield running


def log_events(server: AsgiServer) -> list[dict[str, Any]]:
    """The structlog events the server logged so far (its JSON lines)."""
    events = []
    for line in server.logs().splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return events
