"""Fixtures of the hostile-input suite: a real server per integration, module-scoped.

* ``hostile_server``: the FastAPI test app under uvicorn and the Django test project
  under daphne (``chanx.channels.daphne``), each with an in-memory channel layer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.asgi_server import AsgiServer

SERVERS = {
    "fastapi-uvicorn": ("tests.hostile.app:app", "uvicorn", {}),
    "django-daphne": (
        "tests.hostile.django_asgi:application",
        "daphne",
        {"DJANGO_SETTINGS_MODULE": "tests.django_settings"},
    ),
}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def hostile_server(request: pytest.FixtureRequest) -> Iterator[AsgiServer]:
    app, kind, env = SERVERS[request.param]
    with AsgiServer(app, kind=kind, env=env) as server:  # type: ignore[arg-type]
        yield server
