"""Per-handler permissions in the AsyncAPI document: a sentence and ``x-permissions``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rest_framework.permissions import IsAdminUser, IsAuthenticated

from chanx.asyncapi import generate_asyncapi, to_json
from chanx.core.decorators import ws_handler
from chanx.core.permissions import HasRoles
from chanx.routing import RouteInfo
from tests.asyncapi.apps import FakeConsumer
from tests.asyncapi.validation import json_schema_errors, official_validate
from tests.permissions.handlers import PermissionHandlers
from tests.permissions.messages import ComposedMessage, DoneMessage

INFO: dict[str, Any] = {
    "contact": {"name": "chanx", "url": "https://example.com/chanx", "email": "dev@example.com"},
    "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
    "server_url": "ws://localhost:8000",
}


class GuardedConsumer(PermissionHandlers, FakeConsumer):  # type: ignore[misc]
    """Handlers behind permissions."""

    @ws_handler(
        permission_classes=[IsAuthenticated & IsAdminUser, HasRoles("ops", "oncall")],
        description="Restart the service.",
        tags=["admin"],
    )
    async def composed(self, message: ComposedMessage) -> DoneMessage:
        return DoneMessage(payload="composed")


def _document() -> dict[str, Any]:
    routes = [RouteInfo.from_starlette_path("/ws/guarded", GuardedConsumer)]
    return generate_asyncapi(routes, title="Guarded", version="1.0.0", **INFO)


def test_operations_list_their_permissions() -> None:
    ops = _document()["operations"]
    assert ops["guarded.admin_editor"]["x-permissions"] == [
        {"name": "HasRoles", "roles": ["admin", "editor"]}
    ]
    assert ops["guarded.async_check"]["x-permissions"] == [{"name": "IsMember"}, {"name": "IsAda"}]
    assert ops["guarded.composed"]["x-permissions"] == [
        {"name": "(IsAuthenticated & IsAdminUser)"},
        {"name": "HasRoles", "roles": ["ops", "oncall"]},
    ]
    assert ops["guarded.composed"]["description"] == (
        "Restart the service.\n\nRequires: `(IsAuthenticated & IsAdminUser)`, `HasRoles` "
        "(roles: `ops`, `oncall`). A refused frame gets an `error` frame with code "
        "`permission_denied` and the handler does not run."
    )
    assert (
        "Requires: `HasRoles` (roles: `admin`, `editor`)."
        in (ops["guarded.admin_editor"]["description"])
    )


def test_operations_without_permissions_are_unchanged() -> None:
    op = _document()["operations"]["guarded.open"]
    assert "x-permissions" not in op
    assert op["description"] == "Handles the client's `open` frames."


def test_generation_is_deterministic() -> None:
    assert to_json(_document()) == to_json(_document())


def test_document_with_permissions_is_valid(tmp_path: Path) -> None:
    document = _document()
    assert json_schema_errors(document) == []
    path = tmp_path / "guarded.json"
    path.write_text(to_json(document), encoding="utf-8")

    report = official_validate(path, fail_on="warning")

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output
