"""Generated documents pass the official AsyncAPI parser (and Spectral) and the JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chanx.asyncapi import generate_asyncapi, to_json, to_yaml
from tests.asyncapi.apps import full_routes, minimal_routes
from tests.asyncapi.validation import json_schema_errors, official_validate

INFO: dict[str, Any] = {
    "contact": {
        "name": "chanx",
        "url": "https://example.com/chanx",
        "email": "dev@example.com",
    },
    "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
}

#: Django routes end with a slash and the address must be the real URL, so Spectral's
#: style rule about trailing slashes is the one warning a Django-style route may raise.
TRAILING_SLASH = "asyncapi-3-channel-no-trailing-slash"


def full_document() -> dict[str, Any]:
    return generate_asyncapi(
        full_routes(),
        title="Behaviour suite",
        version="1.2.3",
        description="Every consumer feature, documented.",
        server_url="wss://chat.example.com/realtime",
        **INFO,
    )


def minimal_document(**extra: Any) -> dict[str, Any]:
    return generate_asyncapi(minimal_routes(), title="Minimal", version="0.1.0", **extra)


def test_full_document_passes_json_schema() -> None:
    assert json_schema_errors(full_document()) == []


def test_minimal_document_passes_json_schema() -> None:
    assert json_schema_errors(minimal_document()) == []


def test_empty_document_passes_json_schema() -> None:
    assert json_schema_errors(generate_asyncapi([], title="Empty", version="0")) == []


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_full_document_passes_the_official_parser(tmp_path: Path, fmt: str) -> None:
    document = full_document()
    path = tmp_path / f"full.{fmt}"
    path.write_text(to_json(document) if fmt == "json" else to_yaml(document), encoding="utf-8")

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    warnings = report.of("warning")
    assert [(w.code, w.path) for w in warnings] == [
        (TRAILING_SLASH, "$.channels.behaviour.address")
    ], report.output
    assert document["channels"]["behaviour"]["address"].endswith("/")


def test_full_document_without_trailing_slash_routes_has_no_warning(tmp_path: Path) -> None:
    routes = [r for r in full_routes() if not r.path.endswith("/")]
    document = generate_asyncapi(
        routes, title="T", version="1", server_url="ws://localhost:8000", **INFO
    )
    path = tmp_path / "full.json"
    path.write_text(to_json(document), encoding="utf-8")

    report = official_validate(path, fail_on="warning")

    assert report.returncode == 0, report.output
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output


def test_minimal_document_has_no_error_and_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "minimal.json"
    path.write_text(
        to_json(minimal_document(server_url="ws://localhost:8000", **INFO)), encoding="utf-8"
    )

    report = official_validate(path, fail_on="warning")

    assert report.returncode == 0, report.output
    assert report.parsed
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output


def test_minimal_document_without_caller_info_only_lacks_what_the_caller_knows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bare.json"
    path.write_text(to_json(minimal_document()), encoding="utf-8")

    report = official_validate(path)

    assert report.returncode == 0, report.output
    assert report.of("error") == []
    assert sorted(w.code for w in report.of("warning")) == [
        "asyncapi-info-contact",
        "asyncapi-info-license",
        "asyncapi-servers",
    ], report.output


def test_golden_document_has_no_error_and_no_warning() -> None:
    golden = Path(__file__).parent / "golden" / "small_app.json"

    report = official_validate(golden, fail_on="warning")

    assert report.returncode == 0, report.output
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output
