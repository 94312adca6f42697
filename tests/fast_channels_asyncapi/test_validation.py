"""The FastAPI test applications' documents pass the official AsyncAPI parser (zero errors).

Skipped locally without node or the shared tools, a failure under ``CI``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from chanx.fast_channels import AsyncAPIConfig, asyncapi_router
from tests.asyncapi.validation import json_schema_errors, official_validate
from tests.fast_channels.app import create_app
from tests.fast_channels_asyncapi.apps import mounted_app

#: Style warnings Spectral raises on these apps; none of them is an error. Some routes
#: end with "/" (the real URL), and the test consumers declare no tags.
ALLOWED_WARNINGS = {"asyncapi-3-channel-no-trailing-slash", "asyncapi-3-tags"}

INFO: AsyncAPIConfig = {
    "title": "FastAPI test app",
    "contact": {"name": "chanx", "url": "https://example.com/chanx", "email": "dev@example.com"},
    "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
}

APPS = {"test_app": create_app, "mounted_app": mounted_app}


async def served(app: FastAPI, fmt: str, camelize: bool | None) -> bytes:
    config: AsyncAPIConfig = {**INFO, "camelize": camelize}
    app.include_router(asyncapi_router(app, config=config))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8000") as http:
        response = await http.get(f"/asyncapi.{fmt}")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    ("name", "fmt", "camelize"),
    [
        ("test_app", "json", None),
        ("test_app", "yaml", None),
        ("mounted_app", "json", None),
        ("mounted_app", "yaml", None),
        ("mounted_app", "json", True),
    ],
)
async def test_served_document_has_no_error(
    tmp_path: Path, name: str, fmt: str, camelize: bool | None
) -> None:
    path = tmp_path / f"{name}.{fmt}"
    path.write_bytes(await served(APPS[name](), fmt, camelize))

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert {w.code for w in report.of("warning")} <= ALLOWED_WARNINGS, report.output


@pytest.mark.parametrize("name", sorted(APPS))
async def test_served_document_passes_the_json_schema(name: str) -> None:
    import json

    document = json.loads(await served(APPS[name](), "json", None))
    assert json_schema_errors(document) == []
