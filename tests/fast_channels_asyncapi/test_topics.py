"""Topic channels in the FastAPI test app's document (``create_app()``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from chanx.fast_channels import AsyncAPIConfig, asyncapi_router
from tests.asyncapi.topic_checks import TOPIC_ROUTES, check_test_app_topics
from tests.asyncapi.validation import json_schema_errors, official_validate
from tests.fast_channels.app import create_app
from tests.fast_channels_asyncapi.test_validation import ALLOWED_WARNINGS, INFO


async def served(fmt: str = "json", camelize: bool | None = None) -> bytes:
    app = create_app()
    config: AsyncAPIConfig = {**INFO, "camelize": camelize}
    app.include_router(asyncapi_router(app, config=config))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8000") as http:
        response = await http.get(f"/asyncapi.{fmt}")
    assert response.status_code == 200
    return response.content


async def test_test_app_documents_its_topics() -> None:
    document: dict[str, Any] = json.loads(await served())
    check_test_app_topics(document)
    assert json_schema_errors(document) == []


async def test_topic_document_is_deterministic() -> None:
    assert await served() == await served()


async def test_forced_camelize_reaches_the_topic_channels() -> None:
    document = json.loads(await served(camelize=True))
    say = document["components"]["schemas"]["SayPayload"]["properties"]
    assert list(say) == ["text", "loudVoice"]
    assert "SayMessage" in document["channels"]["topics.topic.room"]["messages"]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
async def test_topic_document_passes_the_official_parser(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"topics.{fmt}"
    path.write_bytes(await served(fmt))
    document = json.loads(await served())
    assert sum("x-topic" in c for c in document["channels"].values()) == sum(
        len(topics) for topics, _, _ in TOPIC_ROUTES.values()
    )

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert {w.code for w in report.of("warning")} <= ALLOWED_WARNINGS, report.output
