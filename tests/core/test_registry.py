"""``build_registry``: handler collection, output flattening and the union adapters.

No ``from __future__ import annotations`` here on purpose: several tests declare
message classes inside the test function, which string annotations could not reach.
String annotations are covered through ``tests/core/future_messages.py``.
"""

import contextlib
import json
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ValidationError

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.envelope import MAX_REF_LENGTH, Envelope
from chanx.core.registry import PROTOCOL_FRAMES, HandlerRegistry, build_registry
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import (
    AuthenticationMessage,
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
    PongMessage,
)
from tests.core import future_messages


class Body(BaseModel):
    text: str


class Say(BaseMessage):
    action: Literal["say"] = "say"
    payload: Body


class Said(BaseMessage):
    action: Literal["said"] = "said"
    payload: Body


class Shouted(BaseMessage):
    action: Literal["shouted"] = "shouted"
    payload: Body


class Either(BaseMessage):
    """Routes two actions to one handler."""

    action: Literal["left", "right"] = "left"
    payload: None = None


class Tick(BaseMessage):
    action: Literal["tick"] = "tick"
    payload: int


class Tock(BaseMessage):
    action: Literal["tock"] = "tock"
    payload: int


class Broadcast(BaseMessage):
    action: Literal["broadcast"] = "broadcast"
    payload: Body


class ServerClock(BaseMessage):
    action: Literal["server_clock"] = "server_clock"
    payload: float


class Handlers:
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(action="speak")
    async def say(self, message: Say) -> Said:
        return Said(payload=message.payload)

    @ws_handler
    async def either(self, message: Either) -> None:
        return None

    @event_handler
    async def tick(self, event: Tick) -> Tock:
        return Tock(payload=event.payload)


def _registry(cls: type, **kwargs: Any) -> HandlerRegistry:
    return build_registry(cls, **kwargs)


def _errors(adapter_call: Any) -> list[Any]:
    with pytest.raises(ValidationError) as excinfo:
        adapter_call()
    return excinfo.value.errors(include_url=False)


# --------------------------------------------------------------------------- collection


def test_handlers_are_indexed_by_action() -> None:
    registry = _registry(Handlers)
    assert set(registry.ws_by_action) == {"ping", "say", "left", "right"}
    assert set(registry.event_by_action) == {"tick"}
    assert registry.ws_by_action["say"].name == "say"
    assert registry.ws_by_action["say"].operation == "speak"
    assert registry.ws_by_action["ping"].operation == "ping"
    assert registry.ws_by_action["left"] is registry.ws_by_action["right"]
    assert registry.ws_by_action["left"].actions == ("left", "right")
    assert {h.name for h in registry.ws_handlers} == {"ping", "say", "either"}
    assert [h.name for h in registry.event_handlers] == ["tick"]


def test_registry_works_on_plain_classes_without_handlers() -> None:
    registry = _registry(object)
    assert registry.ws_handlers == ()
    assert registry.event_handlers == ()
    errors = _errors(lambda: registry.incoming_message_adapter.validate_json('{"action": "ping"}'))
    assert errors[0]["type"] == "union_tag_invalid"


def test_duplicate_message_action_in_two_methods_is_rejected() -> None:
    class Twice:
        @ws_handler
        async def first(self, message: Say) -> None:
            return None

        @ws_handler
        async def second(self, message: Say) -> None:
            return None

    with pytest.raises(TypeError, match="two message handlers for action 'say'"):
        _registry(Twice)


def test_duplicate_via_multi_action_literal_is_rejected() -> None:
    class Left(BaseMessage):
        action: Literal["left"] = "left"
        payload: None = None

    class Overlap:
        @ws_handler
        async def both(self, message: Either) -> None:
            return None

        @ws_handler
        async def only_left(self, message: Left) -> None:
            return None

    with pytest.raises(TypeError, match="two message handlers for action 'left'"):
        _registry(Overlap)


def test_duplicate_event_action_in_two_methods_is_rejected() -> None:
    class Twice:
        @event_handler
        async def first(self, event: Tick) -> None:
            return None

        @event_handler
        async def second(self, event: Tick) -> None:
            return None

    with pytest.raises(TypeError, match="two event handlers for action 'tick'"):
        _registry(Twice)


def test_same_action_as_message_and_event_is_allowed() -> None:
    class Both:
        @ws_handler
        async def as_message(self, message: Tick) -> None:
            return None

        @event_handler
        async def as_event(self, event: Tick) -> None:
            return None

    registry = _registry(Both)
    assert registry.ws_by_action["tick"].name == "as_message"
    assert registry.event_by_action["tick"].name == "as_event"


def test_duplicate_across_mixins_with_different_names_is_rejected() -> None:
    class A:
        @ws_handler
        async def say_a(self, message: Say) -> None:
            return None

    class B:
        @ws_handler
        async def say_b(self, message: Say) -> None:
            return None

    class Combined(A, B):
        pass

    with pytest.raises(TypeError, match="two message handlers for action 'say'"):
        _registry(Combined)


def test_subclass_overriding_by_method_name_wins() -> None:
    class Sub(Handlers):
        @ws_handler
        async def say(self, message: Say) -> Shouted:  # type: ignore[override]
            return Shouted(payload=message.payload)

    registry = _registry(Sub)
    handler = registry.ws_by_action["say"]
    assert handler.spec.func is vars(Sub)["say"]
    assert handler.output_types == (Shouted,)
    assert handler.operation == "say"
    assert set(registry.ws_by_action) == {"ping", "say", "left", "right"}
    # the base class keeps its own registry
    assert _registry(Handlers).ws_by_action["say"].output_types == (Said,)


def test_subclass_override_can_change_the_routed_message() -> None:
    class Sub(Handlers):
        @ws_handler
        async def say(self, message: Tick) -> None:  # type: ignore[override]
            return None

    registry = _registry(Sub)
    assert "say" not in registry.ws_by_action
    assert registry.ws_by_action["tick"].name == "say"


def test_subclass_override_with_plain_method_removes_handler() -> None:
    class Sub(Handlers):
        async def say(self, message: Say) -> None:  # type: ignore[override]  # not decorated
            return None

    registry = _registry(Sub)
    assert "say" not in registry.ws_by_action


def test_non_message_passthrough_and_emits_are_rejected() -> None:
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):
        _registry(Handlers, passthrough_events=[int])
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):
        _registry(Handlers, emits=[dict])


# --------------------------------------------------------------------------- outputs


def _outputs(**handlers: Any) -> tuple[type[BaseMessage], ...]:
    cls = type("Outputs", (), handlers)
    (handler,) = _registry(cls).ws_handlers
    return handler.output_types


async def _returns_union(self: object, message: Say) -> Said | Shouted:
    raise NotImplementedError


async def _returns_optional(self: object, message: Say) -> Said | None:
    raise NotImplementedError


async def _returns_list(self: object, message: Say) -> list[Said]:
    raise NotImplementedError


async def _returns_list_of_union(self: object, message: Say) -> list[Said | Shouted]:
    raise NotImplementedError


async def _returns_tuple(self: object, message: Say) -> tuple[Said, Shouted]:
    raise NotImplementedError


async def _returns_variadic_tuple(self: object, message: Say) -> tuple[Said, ...]:
    raise NotImplementedError


async def _returns_none(self: object, message: Say) -> None:
    raise NotImplementedError


async def _unannotated_return(self: object, message: Say):  # type: ignore[no-untyped-def]
    raise NotImplementedError


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (_returns_union, (Said, Shouted)),
        (_returns_optional, (Said,)),
        (_returns_list, (Said,)),
        (_returns_list_of_union, (Said, Shouted)),
        (_returns_tuple, (Said, Shouted)),
        (_returns_variadic_tuple, (Said,)),
        (_returns_none, ()),
        (_unannotated_return, ()),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_output_annotation_is_flattened(func: Any, expected: tuple[type, ...]) -> None:
    assert _outputs(handle=ws_handler(func)) == expected


@pytest.mark.parametrize(
    ("output_type", "expected"),
    [
        ([Said, Shouted], (Said, Shouted)),
        ((Shouted, Said), (Shouted, Said)),
        (Said | Shouted, (Said, Shouted)),
        (list[Shouted], (Shouted,)),
        ([Said, Said], (Said,)),
    ],
    ids=["list", "tuple", "union", "list-generic", "dedup"],
)
def test_output_type_argument_is_flattened_and_beats_annotation(
    output_type: Any, expected: tuple[type, ...]
) -> None:
    async def handle(self: object, message: Say) -> PongMessage:
        raise NotImplementedError

    assert _outputs(handle=ws_handler(output_type=output_type)(handle)) == expected


def test_string_annotations_from_future_module_resolve() -> None:
    registry = _registry(future_messages.FutureHandlers)
    handler = registry.ws_by_action["future"]
    assert handler.input_type is future_messages.FutureMessage
    assert handler.output_types == (future_messages.FutureReply, future_messages.FutureOther)
    event = registry.event_by_action["future_event"]
    assert event.input_type is future_messages.FutureEvent
    assert event.output_types == (future_messages.FutureOther,)
    message = registry.incoming_message_adapter.validate_json(
        '{"action": "future", "payload": {"text": "t"}}', context=Envelope()
    )
    assert message == future_messages.FutureMessage(payload=future_messages.FuturePayload(text="t"))


# --------------------------------------------------------------------------- incoming adapter


@pytest.fixture(scope="module")
def registry() -> HandlerRegistry:
    return _registry(Handlers, passthrough_events=[Broadcast], emits=[ServerClock])


def test_incoming_adapter_validates_each_action(registry: HandlerRegistry) -> None:
    adapter = registry.incoming_message_adapter
    say = adapter.validate_json('{"action": "say", "payload": {"text": "hi"}}')
    assert say == Say(payload=Body(text="hi"))
    assert adapter.validate_json('{"action": "ping"}') == PingMessage()


def test_multi_literal_message_routes_both_actions(registry: HandlerRegistry) -> None:
    adapter = registry.incoming_message_adapter
    left = adapter.validate_json('{"action": "left"}')
    right = adapter.validate_json('{"action": "right"}')
    assert isinstance(left, Either)
    assert isinstance(right, Either)
    assert (left.action, right.action) == ("left", "right")


def test_unknown_action_is_union_tag_invalid(registry: HandlerRegistry) -> None:
    errors = _errors(lambda: registry.incoming_message_adapter.validate_json('{"action": "nope"}'))
    assert [(e["type"], e["loc"]) for e in errors] == [("union_tag_invalid", ())]


def test_missing_action_is_union_tag_not_found(registry: HandlerRegistry) -> None:
    errors = _errors(
        lambda: registry.incoming_message_adapter.validate_json('{"payload": {"text": "x"}}')
    )
    assert [(e["type"], e["loc"]) for e in errors] == [("union_tag_not_found", ())]


def test_invalid_payload_error_location_starts_with_action(registry: HandlerRegistry) -> None:
    errors = _errors(
        lambda: registry.incoming_message_adapter.validate_json('{"action": "say", "payload": {}}')
    )
    assert [(e["type"], e["loc"]) for e in errors] == [("missing", ("say", "payload", "text"))]


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '"a string"', "42", "null", "true", "{not json", "", '{"action": "ping"'],
    ids=["array", "string", "number", "null", "bool", "malformed", "empty", "truncated"],
)
def test_non_object_or_malformed_json_is_json_invalid(registry: HandlerRegistry, text: str) -> None:
    errors = _errors(
        lambda: registry.incoming_message_adapter.validate_json(text, context=Envelope())
    )
    assert [e["type"] for e in errors] == ["json_invalid"]
    assert errors[0]["loc"] == ()


def test_validate_python_rejects_non_dicts(registry: HandlerRegistry) -> None:
    errors = _errors(lambda: registry.incoming_message_adapter.validate_python(["ping"]))
    assert [e["type"] for e in errors] == ["json_invalid"]


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "nope", "ref": "r-1"},
        {"payload": {}, "ref": "r-1"},
        {"action": "say", "payload": {}, "ref": "r-1"},
        {"action": "say", "payload": {"text": "ok"}, "ref": "r-1"},
    ],
    ids=["unknown-action", "missing-action", "invalid-payload", "valid"],
)
def test_envelope_ref_is_captured_even_when_invalid(
    registry: HandlerRegistry, frame: dict[str, Any]
) -> None:
    envelope = Envelope()
    with contextlib.suppress(ValidationError):
        registry.incoming_message_adapter.validate_json(json.dumps(frame), context=envelope)
    assert envelope.ref == "r-1"


def test_envelope_topic_and_version_are_captured(registry: HandlerRegistry) -> None:
    envelope = Envelope()
    message = registry.incoming_message_adapter.validate_json(
        '{"action": "ping", "topic": "room:1", "version": 3}', context=envelope
    )
    assert message == PingMessage()
    assert (envelope.ref, envelope.topic, envelope.version) == (None, "room:1", 3)


def test_envelope_defaults_when_absent(registry: HandlerRegistry) -> None:
    envelope = Envelope()
    registry.incoming_message_adapter.validate_json('{"action": "ping"}', context=envelope)
    assert (envelope.ref, envelope.topic, envelope.version) == (None, None, 1)


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "ping", "ref": 5},
        {"action": "ping", "ref": "x" * (MAX_REF_LENGTH + 1)},
        {"action": "ping", "topic": 1},
        {"action": "ping", "version": "1"},
    ],
    ids=["ref-int", "ref-long", "topic-int", "version-str"],
)
def test_malformed_envelope_keys_are_rejected(
    registry: HandlerRegistry, frame: dict[str, Any]
) -> None:
    errors = _errors(
        lambda: registry.incoming_message_adapter.validate_json(
            json.dumps(frame), context=Envelope()
        )
    )
    assert [e["type"] for e in errors] == ["envelope_invalid"]


def test_camelized_envelope_decamelizes_keys_but_not_values() -> None:
    class Profile(BaseModel):
        first_name: str

    class SetProfile(BaseMessage):
        action: Literal["set_profile"] = "set_profile"
        payload: Profile

    class Camel:
        @ws_handler
        async def set_profile(self, message: SetProfile) -> None:
            return None

    adapter = _registry(Camel).incoming_message_adapter
    frame = '{"action": "set_profile", "payload": {"firstName": "Ada"}, "ref": "someRef"}'
    envelope = Envelope(camelize=True)
    message = adapter.validate_json(frame, context=envelope)
    assert message == SetProfile(payload=Profile(first_name="Ada"))
    assert envelope.ref == "someRef"
    # without camelize the camelCase key is simply missing
    errors = _errors(lambda: adapter.validate_json(frame, context=Envelope()))
    assert errors[0]["type"] == "missing"


# --------------------------------------------------------------------------- event adapter


def test_event_adapter_covers_event_handlers_and_passthrough(registry: HandlerRegistry) -> None:
    adapter = registry.incoming_event_adapter
    assert adapter.validate_python({"action": "tick", "payload": 1}) == Tick(payload=1)
    broadcast = adapter.validate_python({"action": "broadcast", "payload": {"text": "x"}})
    assert broadcast == Broadcast(payload=Body(text="x"))
    assert registry.passthrough_by_action == {"broadcast": Broadcast}
    errors = _errors(lambda: adapter.validate_python({"action": "say", "payload": {"text": "x"}}))
    assert errors[0]["type"] == "union_tag_invalid"


# --------------------------------------------------------------------------- outgoing adapter


def test_outgoing_types_include_everything_a_consumer_may_send(registry: HandlerRegistry) -> None:
    outgoing = set(registry.outgoing_types)
    assert set(PROTOCOL_FRAMES) == {
        ErrorMessage,
        AuthenticationMessage,
        CompleteMessage,
        GroupCompleteMessage,
        EventCompleteMessage,
    }
    assert outgoing == {PongMessage, Said, Tock, Broadcast, ServerClock, *PROTOCOL_FRAMES}
    assert len(registry.outgoing_types) == len(outgoing)


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "pong", "payload": None},
        {"action": "said", "payload": {"text": "x"}},
        {"action": "tock", "payload": 3},
        {"action": "broadcast", "payload": {"text": "x"}},
        {"action": "server_clock", "payload": 1.5},
        {"action": "error", "payload": {"detail": "d", "code": "c"}},
        {
            "action": "authentication",
            "payload": {"status_code": 200, "status_text": "OK", "data": None},
        },
        {"action": "complete", "payload": None},
        {"action": "group_complete", "payload": None},
        {"action": "event_complete", "payload": None},
    ],
    ids=lambda f: f["action"],
)
def test_outgoing_adapter_accepts_declared_frames(
    registry: HandlerRegistry, frame: dict[str, Any]
) -> None:
    message = registry.outgoing_message_adapter.validate_python(frame)
    assert message.model_dump(mode="json") == frame


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "say", "payload": {"text": "x"}},
        {"action": "ping"},
        {"action": "tick", "payload": 1},
    ],
    ids=lambda f: f["action"],
)
def test_outgoing_adapter_rejects_undeclared_frames(
    registry: HandlerRegistry, frame: dict[str, Any]
) -> None:
    errors = _errors(lambda: registry.outgoing_message_adapter.validate_python(frame))
    assert errors[0]["type"] == "union_tag_invalid"


def test_discriminator_field_can_be_renamed() -> None:
    class Kinded(BaseMessage):
        action: Literal["kinded"] = "kinded"
        kind: Literal["k1", "k2"] = "k1"
        payload: None = None

    class ByKind:
        @ws_handler
        async def handle(self, message: Kinded) -> None:
            return None

    registry = _registry(ByKind, discriminator="kind")
    message = registry.incoming_message_adapter.validate_python({"kind": "k2"})
    assert isinstance(message, Kinded)
    # dispatch looks handlers up by the discriminator's value
    assert registry.ws_by_action[message.kind].name == "handle"
