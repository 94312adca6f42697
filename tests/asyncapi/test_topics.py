"""Topic channels in the generated document (:mod:`chanx.asyncapi.topics`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chanx.asyncapi import generate_asyncapi, to_json, to_yaml
from chanx.core.decorators import channel
from chanx.core.errors import TOPIC_ERROR_REASONS
from chanx.core.topic_pattern import MAX_TOPIC_LENGTH
from chanx.routing import RouteInfo
from tests.asyncapi.apps import EchoConsumer, golden_routes
from tests.asyncapi.test_generator import resolve, walk
from tests.asyncapi.topic_apps import (
    LobbyConsumer,
    NoTopicsLobbyConsumer,
    topic_routes,
)
from tests.asyncapi.validation import json_schema_errors, official_validate

GOLDEN = Path(__file__).parent / "golden" / "topics_app.json"
ROOT = Path(__file__).resolve().parents[2]


def topics_document(**extra: Any) -> dict[str, Any]:
    return generate_asyncapi(
        topic_routes(),
        title="Topics app",
        version="1.0.0",
        description="Rooms and threads over one connection.",
        server_url="wss://chat.example.com/realtime",
        contact={"name": "chanx", "url": "https://example.com", "email": "dev@example.com"},
        license={"name": "MIT"},
        **extra,
    )


def channel_refs(op: dict[str, Any], part: str = "messages") -> list[str]:
    holder = op if part == "messages" else op["reply"]
    return [m["$ref"].rsplit("/", 1)[1] for m in holder["messages"]]


# --------------------------------------------------------------------------- golden & determinism


def test_golden_topics_app() -> None:
    text = to_json(topics_document())
    if os.environ.get("CHANX_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), "run with CHANX_UPDATE_GOLDEN=1 to create the golden file"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the generated document changed; if intended, rerun with CHANX_UPDATE_GOLDEN=1 "
        "and review the diff of tests/asyncapi/golden/topics_app.json"
    )


def test_topics_document_is_identical_across_processes() -> None:
    code = (
        "import sys\n"
        "from chanx.asyncapi import to_json\n"
        "from tests.asyncapi.test_topics import topics_document\n"
        "sys.stdout.write(to_json(topics_document()))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert out == to_json(topics_document())
    assert to_json(topics_document()) == to_json(topics_document())


def test_documents_without_topics_have_no_topic_envelope() -> None:
    document = generate_asyncapi(golden_routes(), title="T", version="1")
    for _, node in walk(document):
        if isinstance(node, dict):
            assert "x-topic" not in node
            assert "topic" not in node.get("properties", {})
    assert "reason" not in document["components"]["schemas"]["ErrorDetail"]["properties"]


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_topics_document_has_no_error_and_no_warning(tmp_path: Path, fmt: str) -> None:
    document = topics_document()
    path = tmp_path / f"topics.{fmt}"
    path.write_text(to_json(document) if fmt == "json" else to_yaml(document), encoding="utf-8")

    report = official_validate(path, fail_on="warning")

    assert report.returncode == 0, report.output
    assert report.parsed, report.output
    assert report.of("error") == [], report.output
    assert report.of("warning") == [], report.output


@pytest.mark.parametrize("camelize", [None, True, False])
def test_topics_document_passes_json_schema(camelize: bool | None) -> None:
    assert json_schema_errors(topics_document(camelize=camelize)) == []


def test_every_ref_resolves_and_every_component_is_used() -> None:
    document = topics_document()
    refs = {node["$ref"] for _, node in walk(document) if isinstance(node, dict) and "$ref" in node}
    for ref in refs:
        resolve(document, ref)
    for section, items in document["components"].items():
        for name in items:
            assert f"#/components/{section}/{name}" in refs, f"unused {section}/{name}"


# --------------------------------------------------------------------------- channels


def test_one_channel_per_topic_per_route_after_its_consumer() -> None:
    channels = topics_document()["channels"]
    assert list(channels) == [
        "lobby",
        "lobby.topic.chat",
        "lobby.topic.system_alerts",
        "camel_lobby",
        "camel_lobby.topic.chat",
        "camel_lobby.topic.system_alerts",
        "chat",
        "chat.topic.chat",
    ]
    for key, obj in channels.items():
        consumer_key = key.split(".topic.", 1)[0]
        assert obj["address"] == channels[consumer_key]["address"]
        assert obj.get("parameters") == channels[consumer_key].get("parameters")
    assert channels["chat.topic.chat"]["address"] == "/ws/chat/{org}/{room}"
    assert list(channels["chat.topic.chat"]["parameters"]) == ["org", "room"]


def test_x_topic_names_the_topic_its_pattern_and_parameters() -> None:
    channels = topics_document()["channels"]
    assert channels["lobby.topic.chat"]["x-topic"] == {
        "name": "chat",
        "pattern": "chat:{org}:{room}",
        "parameters": ["org", "room"],
    }
    assert channels["lobby.topic.system_alerts"]["x-topic"] == {
        "name": "system_alerts",
        "pattern": "alerts",
        "parameters": [],
    }
    standalone = channels["chat.topic.chat"]
    assert standalone["x-topic"]["defaultTopic"] == "chat:{org}:{room}"
    assert "subscribes each connection on connect" in standalone["description"]
    assert "defaultTopic" not in channels["lobby.topic.chat"]["x-topic"]
    assert "x-topic" not in channels["lobby"]
    assert "x-topic" not in channels["chat"]


def test_topic_channel_describes_the_topic_and_its_envelope() -> None:
    channels = topics_document()["channels"]
    chat = channels["lobby.topic.chat"]
    assert chat["description"].startswith("A chat room of an organisation.\n\n")
    assert "(parameters `org`, `room`)" in chat["description"]
    assert "`topic`" in chat["description"]
    assert "`seq`" in chat["description"]
    assert "subscribes each connection" not in chat["description"]
    assert chat["title"] == "Topic chat on lobby"
    assert chat["tags"] == [{"name": "lobby"}]  # the consumer's tags
    alerts = channels["lobby.topic.system_alerts"]["description"]
    assert alerts.startswith("The `alerts` topic.")  # no docstring


def test_topic_channel_lists_the_topics_messages_only() -> None:
    channels = topics_document()["channels"]
    assert list(channels["lobby.topic.chat"]["messages"]) == [
        "ChatNotice",
        "ChatPosted",
        "ChatState",
        "ErrorMessage",
        "KickMessage",
        "SpeakMessage",
        "SpokenMessage",
        "SubscribeMessage",
        "SubscribedMessage",
        "UnsubscribeMessage",
        "UnsubscribedMessage",
    ]
    alerts = channels["lobby.topic.system_alerts"]["messages"]
    assert "AlertRaised" in alerts
    assert "SpokenMessage" not in alerts  # handlers are scoped per topic
    assert "PingMessage" not in alerts  # the consumer's own handler
    assert "AuthenticationMessage" not in alerts  # sent once, on the consumer channel


def test_the_consumer_channel_is_unchanged_by_its_topics() -> None:
    with_topics = topics_document()["channels"]["lobby"]
    route = RouteInfo.from_starlette_path("/ws/lobby", NoTopicsLobbyConsumer)
    without = generate_asyncapi([route], title="T", version="1")["channels"]["lobby"]
    assert with_topics == without
    assert list(with_topics["messages"]) == [
        "AuthenticationMessage",
        "ErrorMessage",
        "PingMessage",
        "PongMessage",
    ]


def test_topic_keys_stay_unique() -> None:
    @channel(name="lobby.topic.chat")
    class Squatter(EchoConsumer):
        pass

    routes = [RouteInfo("/s", Squatter), RouteInfo("/l", LobbyConsumer)]
    document = generate_asyncapi(routes, title="T", version="1")
    assert list(document["channels"]) == [
        "lobby.topic.chat",
        "lobby",
        "lobby.topic.chat_2",
        "lobby.topic.system_alerts",
    ]
    assert document["operations"]["lobby.topic.chat_2.subscribe"]["channel"] == {
        "$ref": "#/channels/lobby.topic.chat_2"
    }
    assert document["operations"]["lobby.topic.chat.ping"]["channel"] == {
        "$ref": "#/channels/lobby.topic.chat"
    }


# --------------------------------------------------------------------------- operations


def test_subscribe_and_unsubscribe_are_receive_operations_with_replies() -> None:
    ops = topics_document()["operations"]
    subscribe = ops["lobby.topic.chat.subscribe"]
    assert subscribe["action"] == "receive"
    assert subscribe["channel"] == {"$ref": "#/channels/lobby.topic.chat"}
    assert channel_refs(subscribe) == ["SubscribeMessage"]
    assert subscribe["reply"]["channel"] == {"$ref": "#/channels/lobby.topic.chat"}
    assert channel_refs(subscribe, "reply") == ["SubscribedMessage"]
    for reason in ("unknown_topic", "unauthorized", "too_many_subscriptions"):
        assert f"`{reason}`" in subscribe["description"]
    assert "subscribed on connect" not in subscribe["description"]
    assert "subscribed on connect" in ops["chat.topic.chat.subscribe"]["description"]
    unsubscribe = ops["lobby.topic.chat.unsubscribe"]
    assert unsubscribe["action"] == "receive"
    assert channel_refs(unsubscribe) == ["UnsubscribeMessage"]
    assert channel_refs(unsubscribe, "reply") == ["UnsubscribedMessage"]
    assert "`not_subscribed`" in unsubscribe["description"]


def test_topic_handlers_are_receive_operations_scoped_per_topic() -> None:
    ops = topics_document()["operations"]
    speak_chat, speak_alerts = ops["lobby.topic.chat.speak"], ops["lobby.topic.system_alerts.speak"]
    assert speak_chat["action"] == speak_alerts["action"] == "receive"
    assert channel_refs(speak_chat) == channel_refs(speak_alerts) == ["SpeakMessage"]
    assert channel_refs(speak_chat, "reply") == ["SpokenMessage"]
    assert channel_refs(speak_alerts, "reply") == ["AlertRaised"]
    assert speak_chat["description"].startswith("Say something in the room")
    assert speak_alerts["description"].startswith("Handles the client's `speak` frames")
    assert "default topic" in ops["chat.topic.chat.kick"]["description"]
    assert "default topic" not in ops["lobby.topic.chat.kick"]["description"]
    kick = ops["lobby.topic.chat.kick"]
    assert "reply" not in kick
    assert kick["x-permissions"] == [{"name": "HasRoles", "roles": ["moderator"]}]
    assert kick["tags"] == [{"name": "moderation"}]
    receive = sorted(
        k.rsplit(".", 1)[1]
        for k, op in ops.items()
        if k.startswith("lobby.topic.chat.") and op["action"] == "receive"
    )
    assert receive == ["kick", "speak", "subscribe", "unsubscribe"]


def test_topic_sends_for_events_passthrough_emits_and_errors() -> None:
    ops = topics_document()["operations"]
    posted = ops["lobby.topic.chat.event.posted"]
    assert posted["action"] == "send"
    assert channel_refs(posted) == ["ChatPosted"]
    assert "broadcast to the topic" in posted["description"]
    notice = ops["lobby.topic.chat.passthrough.chat_notice"]
    assert channel_refs(notice) == ["ChatNotice"]
    assert notice["description"] == "A notice broadcast to a chat and forwarded unchanged."
    state = ops["lobby.topic.chat.emits.chat_state"]
    assert channel_refs(state) == ["ChatState"]
    assert "on_subscribe" in state["description"]
    # subscribed/unsubscribed are documented as replies, not as unprompted sends
    assert not [k for k in ops if k.endswith((".emits.subscribed", ".emits.unsubscribed"))]
    error = ops["lobby.topic.chat.error"]
    assert channel_refs(error) == ["ErrorMessage"]
    for reason in TOPIC_ERROR_REASONS:
        assert f"`{reason}`" in error["description"]
    assert "lobby.topic.chat.complete" not in ops  # no send_completion on LobbyConsumer
    assert "lobby.topic.chat.authentication" not in ops
    assert channel_refs(ops["camel_lobby.topic.chat.complete"]) == ["CompleteMessage"]
    assert channel_refs(ops["camel_lobby.topic.chat.event_complete"]) == ["EventCompleteMessage"]
    assert "camel_lobby.topic.chat.group_complete" not in ops  # topics are not groups


def test_topic_operations_stay_on_their_channel_and_carry_security() -> None:
    ops = topics_document()["operations"]
    for key, op in ops.items():
        channel_ref = op["channel"]["$ref"]
        assert key.startswith(channel_ref.removeprefix("#/channels/") + "."), key
        for message in op["messages"] + op.get("reply", {}).get("messages", []):
            assert message["$ref"].startswith(channel_ref + "/messages/")
        assert op["description"]
        if key.startswith(("lobby.", "camel_lobby.")):
            assert len(op["security"]) == 3, key
        else:
            assert "security" not in op, key


# --------------------------------------------------------------------------- envelope keys


def test_topic_messages_document_topic_seq_ref_and_version() -> None:
    schemas = topics_document()["components"]["schemas"]
    speak = schemas["SpeakMessage"]["properties"]
    assert list(speak) == ["action", "payload", "topic", "ref", "version"]
    assert speak["topic"]["type"] == "string"
    assert speak["topic"]["maxLength"] == MAX_TOPIC_LENGTH
    assert "`topic`" in speak["version"]["description"]
    notice = schemas["ChatNotice"]["properties"]
    assert list(notice) == ["action", "payload", "topic", "seq", "version"]
    assert notice["seq"]["type"] == "integer"
    assert list(schemas["ChatPosted"]["properties"])[2:] == ["topic", "seq", "version"]
    assert list(schemas["ChatState"]["properties"])[2:] == ["topic", "version"]
    assert list(schemas["SubscribeMessage"]["properties"])[2:] == ["topic", "ref", "version"]
    for name in ("SpeakMessage", "ChatNotice", "SubscribeMessage"):
        assert "topic" not in schemas[name]["required"], name
    ping = schemas["PingMessage"]["properties"]  # the consumer's own handler
    assert "topic" not in ping
    assert ping["version"]["description"].endswith("together with `ref`.")


def test_topic_messages_are_correlated_when_they_answer_a_client_frame() -> None:
    messages = topics_document()["components"]["messages"]
    correlated = {"$ref": "#/components/correlationIds/ref"}
    for name in ("SubscribeMessage", "SubscribedMessage", "SpeakMessage", "SpokenMessage"):
        assert messages[name]["correlationId"] == correlated, name
    for name in ("ChatNotice", "ChatPosted", "ChatState"):
        assert "correlationId" not in messages[name], name


def test_error_detail_documents_topic_reasons() -> None:
    schemas = topics_document()["components"]["schemas"]
    detail = schemas["ErrorDetail"]["properties"]
    assert detail["reason"]["enum"] == list(TOPIC_ERROR_REASONS)
    assert set(TOPIC_ERROR_REASONS) <= set(detail["code"]["examples"])
    assert "handler_error" in detail["code"]["examples"]
    assert schemas["ErrorDetail"]["required"] == ["detail", "code"]
    assert "topic" in schemas["ErrorMessage"]["properties"]


# --------------------------------------------------------------------------- camelize


def test_camelizing_consumer_documents_camel_topic_messages() -> None:
    document = topics_document()
    camel = document["channels"]["camel_lobby.topic.chat"]["messages"]
    plain = document["channels"]["lobby.topic.chat"]["messages"]
    assert "SpeakMessageCamel" in camel
    assert "SpeakMessage" not in camel
    assert "SpeakMessageCamel" not in plain
    schemas = document["components"]["schemas"]
    assert list(schemas["SpeechPayloadCamel"]["properties"]) == ["text", "replyToId"]
    assert list(schemas["SpeechPayload"]["properties"]) == ["text", "reply_to_id"]
    assert "topic" in schemas["SpeakMessageCamel"]["properties"]
    speak = document["operations"]["camel_lobby.topic.chat.speak"]
    assert channel_refs(speak) == ["SpeakMessageCamel"]
    assert channel_refs(speak, "reply") == ["SpokenMessageCamel"]


@pytest.mark.parametrize("camelize", [True, False])
def test_forced_camelize_applies_to_topic_channels(camelize: bool) -> None:
    document = topics_document(camelize=camelize)
    names = {
        n for key, obj in document["channels"].items() if ".topic." in key for n in obj["messages"]
    }
    assert "SpeakMessage" in names
    assert "SpeakMessageCamel" not in names  # one variant only: no second schema
    payload = document["components"]["schemas"]["SpeechPayload"]["properties"]
    assert ("replyToId" in payload) is camelize
    assert ("reply_to_id" in payload) is not camelize
