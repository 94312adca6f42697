"""Topic channels in the Django test project's document (discovered from its ASGI app)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.asyncapi.topic_checks import TOPIC_ROUTES, check_test_app_topics
from tests.asyncapi.validation import json_schema_errors, official_validate
from tests.channels_asyncapi.test_validation import ALLOWED_WARNINGS, INFO


def command_text(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_asyncapi_schema", "--format=json", *args, stdout=out)
    return out.getvalue()


def test_test_project_documents_its_topics() -> None:
    document: dict[str, Any] = json.loads(command_text())
    check_test_app_topics(document)
    assert json_schema_errors(document) == []


def test_topic_document_is_deterministic() -> None:
    assert command_text() == command_text()


@pytest.mark.urls("tests.channels_asyncapi.urls")
def test_served_document_lists_the_topic_channels() -> None:
    response = Client().get("/asyncapi/schema/")
    assert response.status_code == 200
    document = json.loads(response.content)
    check_test_app_topics(document)
    assert document["channels"] == json.loads(command_text())["channels"]


def test_topic_document_passes_the_official_parser(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    with override_settings(CHANX=INFO):
        path.write_text(command_text(), encoding="utf-8")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert sum("x-topic" in c for c in document["channels"].values()) == sum(
        len(topics) for topics, _, _ in TOPIC_ROUTES.values()
    )

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert {w.code for w in report.of("warning")} <= ALLOWED_WARNINGS, report.output
