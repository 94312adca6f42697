"""The Django test project's document passes the official AsyncAPI parser (zero errors).

Skipped locally without node or the shared tools, a failure under ``CI``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.asyncapi.validation import json_schema_errors, official_validate

#: Style warnings Spectral raises on these projects; none of them is an error. Django
#: routes end with "/" (the real URL), and the test consumers declare no tags.
ALLOWED_WARNINGS = {"asyncapi-3-channel-no-trailing-slash", "asyncapi-3-tags"}

INFO = {
    "ASYNCAPI_CONTACT": {
        "name": "chanx",
        "url": "https://example.com/chanx",
        "email": "dev@example.com",
    },
    "ASYNCAPI_LICENSE": {"name": "MIT", "url": "https://opensource.org/license/mit"},
}


def command_output(fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / f"asyncapi.{fmt}"
    call_command(
        "generate_asyncapi_schema", f"--format={fmt}", f"--file={target}", stderr=io.StringIO()
    )
    return target


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_django_test_project_document_has_no_error(tmp_path: Path, fmt: str) -> None:
    with override_settings(CHANX=INFO):
        path = command_output(fmt, tmp_path)

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert {w.code for w in report.of("warning")} <= ALLOWED_WARNINGS, report.output


@pytest.mark.urls("tests.channels_asyncapi.urls")
@override_settings(ASGI_APPLICATION="tests.channels_asyncapi.routing_app.application")
def test_served_document_of_the_discovery_app_has_no_error(tmp_path: Path) -> None:
    with override_settings(CHANX=INFO):
        response = Client().get("/asyncapi/schema/", {"format": "yaml"})
    path = tmp_path / "served.yaml"
    path.write_bytes(response.content)

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.of("error") == [], report.output
    assert {w.code for w in report.of("warning")} <= ALLOWED_WARNINGS, report.output


def test_django_test_project_document_passes_the_json_schema() -> None:
    import json

    out = io.StringIO()
    call_command("generate_asyncapi_schema", "--format=json", stdout=out)
    assert json_schema_errors(json.loads(out.getvalue())) == []
