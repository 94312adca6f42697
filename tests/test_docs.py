"""Documentation stays true to the code."""

from __future__ import annotations

from pathlib import Path

from chanx.core.errors import ERROR_CODES
from chanx.core.logging import EVENTS

ROOT = Path(__file__).resolve().parent.parent


def test_every_error_code_is_documented() -> None:
    protocol = (ROOT / "docs" / "protocol.md").read_text()
    for code, meaning in ERROR_CODES.items():
        assert f"| `{code}` | {meaning} |" in protocol


def test_every_log_event_is_emitted_somewhere() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "chanx").rglob("*.py"))
    for event in EVENTS:
        if event == "chanx.message.sent":
            continue
        assert sources.count(f'"{event}"') >= 2, event  # the table and a call site


def test_readme_quick_start_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/sandbox" in readme
    assert "./scripts/test" in readme
    for script in ("scripts/sandbox", "scripts/sandbox-fastapi", "scripts/test", ".ci/run"):
        assert (ROOT / script).is_file()
