"""Public names of the client runtime and generator, pinned; log events stay honest."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from chanx.client.logging import EVENTS

PUBLIC_NAMES: dict[str, set[str]] = {
    "chanx.client": {
        "AuthenticationFailed",
        "Backoff",
        "BaseClient",
        "ClientError",
        "ClientModel",
        "ConnectFailed",
        "ConnectionLost",
        "NotConnected",
        "RequestTimeout",
        "ServerError",
        "TopicError",
        "TopicHandle",
    },
    "chanx.client.base": {"BaseClient", "ClientOptions", "HeadersOption"},
    "chanx.client_gen": {
        "ClientGenError",
        "ClientSpec",
        "Language",
        "SchemaError",
        "SchemaLoadError",
        "build_spec",
        "generate",
        "render",
    },
    "chanx.cli": {"main"},
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC_NAMES))
def test_public_names(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == PUBLIC_NAMES[module_name]
    for name in module.__all__:
        assert hasattr(module, name)


def test_every_client_log_event_is_emitted() -> None:
    root = Path(importlib.import_module("chanx.client").__file__ or "").parent
    sources = "\n".join(p.read_text() for p in root.glob("*.py") if p.name != "logging.py")
    for event in EVENTS:
        assert f'"{event}"' in sources, event
