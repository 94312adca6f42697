"""Golden files of the generated Python and TypeScript clients for ``fixtures/app.json``.

Regenerate after an intended change with::

    CHANX_UPDATE_GOLDENS=1 python -m pytest tests/client_gen/test_golden.py -p no:cacheprovider

and review the diff under ``tests/client_gen/golden/``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chanx.client_gen import Language, generate
from tests.client_gen.support import (
    FIXTURE,
    GOLDEN,
    UPDATE_GOLDENS,
    read_tree,
    run_mypy_strict,
    tsc,
)

LANGUAGES: list[Language] = ["python", "typescript"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_generated_code_matches_the_golden_files(tmp_path: Path, language: Language) -> None:
    generate(str(FIXTURE), tmp_path / "out", language)
    produced = read_tree(tmp_path / "out")
    golden_dir = GOLDEN / language
    if UPDATE_GOLDENS:
        shutil.rmtree(golden_dir, ignore_errors=True)
        shutil.copytree(tmp_path / "out", golden_dir)
    expected = read_tree(golden_dir)
    assert sorted(produced) == sorted(expected)
    for name, text in produced.items():
        assert text == expected[name], f"{language}/{name} differs from its golden file"


@pytest.mark.parametrize("language", LANGUAGES)
def test_regenerating_is_byte_identical(tmp_path: Path, language: Language) -> None:
    out = tmp_path / "out"
    first = generate(str(FIXTURE), out, language)
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    second = generate(str(FIXTURE), out, language)
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert first, "the first run writes files"
    assert second == [], "an identical regeneration changes no file"
    assert before == after


def test_stale_generated_files_are_removed_and_user_files_kept(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    generate(str(FIXTURE), out, "python")
    (out / "echo" / "custom.py").write_text("# mine\n")
    (out / "notes.py").write_text("# also mine\n")
    document = json.loads(FIXTURE.read_text())
    del document["channels"]["notices"]
    document["operations"] = {
        key: op for key, op in document["operations"].items() if not key.startswith("notices.")
    }
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(document))
    changed = generate(str(smaller), out, "python")
    assert out / "notices" / "client.py" in changed
    assert not (out / "notices").exists()
    assert (out / "echo" / "custom.py").read_text() == "# mine\n"
    assert (out / "notes.py").exists()
    assert (out / "rooms" / "client.py").exists()


def test_shared_schemas_are_emitted_once(tmp_path: Path) -> None:
    generate(str(FIXTURE), tmp_path / "pkg", "python")
    shared = (tmp_path / "pkg" / "shared.py").read_text()
    assert "class ErrorMessage(ClientModel):" in shared
    assert "class PingMessage(ClientModel):" in shared
    for channel in ("echo", "notices", "rooms", "thread_topic"):
        messages = (tmp_path / "pkg" / channel / "messages.py").read_text()
        assert "class ErrorMessage" not in messages
        assert "from ..shared import" in messages
    # A schema used by one channel only stays in that channel's module.
    assert "class RejectedPayload" in (tmp_path / "pkg" / "rooms" / "messages.py").read_text()
    assert "RejectedPayload" not in shared


def test_generated_python_is_ruff_clean_and_mypy_strict(tmp_path: Path) -> None:
    generate(str(FIXTURE), tmp_path / "app_client", "python")
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--line-length", "100",
         "--check", "app_client"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    result = run_mypy_strict(tmp_path, "app_client")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_typescript_compiles_with_tsc_strict(tmp_path: Path) -> None:
    generate(str(FIXTURE), tmp_path / "gen", "typescript")
    usage = tmp_path / "usage.ts"
    usage.write_text(
        (Path(__file__).parent / "node" / "fixture_usage.ts").read_text(), encoding="utf-8"
    )
    result = tsc(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "gen" / "rooms" / "client.js").exists()


def test_typescript_type_errors_are_reported(tmp_path: Path) -> None:
    """The strict compile is a real check: a wrongly typed send fails it."""
    generate(str(FIXTURE), tmp_path / "gen", "typescript")
    (tmp_path / "bad.ts").write_text(
        'import { echo } from "./gen/index.js";\n'
        "export function bad(client: echo.EchoClient): void {\n"
        '  client.send({ action: "pong" });\n'
        "}\n",
        encoding="utf-8",
    )
    result = tsc(tmp_path)
    assert result.returncode != 0
    assert "bad.ts" in result.stdout, result.stdout


def test_fixture_is_an_asyncapi_3_document() -> None:
    document = json.loads(FIXTURE.read_text())
    assert document["asyncapi"].startswith("3.")
    assert document["channels"]["thread_topic"]["x-topic"]["pattern"] == "thread:{thread_id}"


#: The AsyncAPI generator's golden document for topics (tests/asyncapi/golden/topics_app.json
#: on the topics branch): the real x-topic shape, default topics, camelized variants.
TOPICS_FIXTURE = FIXTURE.parent / "topics_app.json"


def test_topic_channels_of_the_asyncapi_generator_become_typed_handles(tmp_path: Path) -> None:
    generate(str(TOPICS_FIXTURE), tmp_path / "topics_client", "python")
    lobby = (tmp_path / "topics_client" / "lobby" / "client.py").read_text()
    assert "def chat_topic(self, *, org: str, room: str) -> ChatTopic:" in lobby
    assert 'ChatTopic(self, f"chat:{org}:{room}")' in lobby
    assert "def system_alerts_topic(self) -> SystemAlertsTopic:" in lobby
    topic_client = (tmp_path / "topics_client" / "lobby_topic_chat" / "client.py").read_text()
    assert "class ChatTopic(TopicHandle[IncomingMessage, OutgoingMessage]):" in topic_client
    assert "class LobbyTopicChatClient" not in topic_client  # a handle, not a connection
    result = run_mypy_strict(tmp_path, "topics_client")
    assert result.returncode == 0, result.stdout + result.stderr
    generate(str(TOPICS_FIXTURE), tmp_path / "gen", "typescript")
    compiled = tsc(tmp_path)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
