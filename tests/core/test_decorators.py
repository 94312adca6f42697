"""``ws_handler``, ``event_handler`` and ``channel``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from chanx.core.consumer import ChanxConsumerMixin
from chanx.core.decorators import (
    channel,
    channel_info,
    event_handler,
    get_handler_spec,
    ws_handler,
)
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.core import future_messages

MISSING_INPUT = "Must provide input type either by annotate function or input_type parameter"

HandlerDecorator = Callable[..., Any]
DECORATORS: list[tuple[HandlerDecorator, str]] = [(ws_handler, "ws"), (event_handler, "event")]
DECORATOR_IDS = ["ws_handler", "event_handler"]


# --------------------------------------------------------------------------- handler decorators


@pytest.mark.parametrize(("decorator", "kind"), DECORATORS, ids=DECORATOR_IDS)
def test_bare_form_returns_the_function_with_a_spec(decorator: HandlerDecorator, kind: str) -> None:
    async def handle(self: object, message: PingMessage) -> PongMessage:
        """Answer a ping.

        Second paragraph.
        """
        return PongMessage()

    decorated = decorator(handle)

    assert decorated is handle
    spec = get_handler_spec(decorated)
    assert spec is not None
    assert spec.kind == kind
    assert spec.func is handle
    assert spec.input_annotation is PingMessage
    assert spec.output_annotation is PongMessage
    assert spec.output_given is False
    assert spec.operation is None
    assert spec.description == "Answer a ping.\n\nSecond paragraph."
    assert spec.summary is None
    assert spec.tags == ()


@pytest.mark.parametrize(("decorator", "kind"), DECORATORS, ids=DECORATOR_IDS)
def test_called_form_records_metadata(decorator: HandlerDecorator, kind: str) -> None:
    async def handle(self: object, message: Any) -> Any:
        """Ignored because description= is given."""
        return None

    decorated = decorator(
        input_type=PingMessage,
        output_type=[PongMessage],
        description="explicit",
        summary="short",
        tags=["a", "b"],
    )(handle)

    assert decorated is handle
    spec = get_handler_spec(decorated)
    assert spec is not None
    assert spec.kind == kind
    assert spec.input_annotation is PingMessage
    assert spec.output_annotation == [PongMessage]
    assert spec.output_given is True
    assert spec.description == "explicit"
    assert spec.summary == "short"
    assert spec.tags == ("a", "b")


def test_called_form_without_arguments_equals_bare_form() -> None:
    async def handle(self: object, message: PingMessage) -> None:
        return None

    spec = get_handler_spec(ws_handler()(handle))
    assert spec is not None
    assert spec.input_annotation is PingMessage
    assert spec.output_annotation in (None, type(None))
    assert spec.description is None


def test_ws_handler_action_names_the_operation() -> None:
    @ws_handler(action="say_hello")
    async def handle(self: object, message: PingMessage) -> None:
        return None

    spec = get_handler_spec(handle)
    assert spec is not None
    assert spec.operation == "say_hello"


def test_input_type_argument_beats_annotation() -> None:
    @ws_handler(input_type=PongMessage)
    async def handle(self: object, message: PingMessage) -> None:
        return None

    spec = get_handler_spec(handle)
    assert spec is not None
    assert spec.input_annotation is PongMessage


def test_decorated_handler_stays_directly_callable() -> None:
    class Handlers:
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    result = Handlers().ping(PingMessage())
    assert inspect.iscoroutine(result)
    result.close()


def test_undecorated_function_has_no_spec() -> None:
    async def handle(self: object, message: PingMessage) -> None:
        return None

    assert get_handler_spec(handle) is None


@pytest.mark.parametrize(("decorator", "kind"), DECORATORS, ids=DECORATOR_IDS)
@pytest.mark.parametrize("called", [False, True], ids=["bare", "called"])
def test_missing_input_type_raises_value_error(
    decorator: HandlerDecorator, kind: str, called: bool
) -> None:
    async def no_param(self: object) -> None:
        return None

    async def unannotated(self: object, message) -> None:  # type: ignore[no-untyped-def]
        return None

    apply = decorator(summary="x") if called else decorator
    for func in (no_param, unannotated):
        with pytest.raises(ValueError) as excinfo:
            apply(func)
        assert str(excinfo.value) == MISSING_INPUT


@pytest.mark.parametrize(("decorator", "kind"), DECORATORS, ids=DECORATOR_IDS)
@pytest.mark.parametrize("bad", [int, dict, str, PongMessage()], ids=["int", "dict", "str", "obj"])
def test_non_message_input_type_raises_type_error_at_class_creation(
    decorator: HandlerDecorator, kind: str, bad: Any
) -> None:
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):

        class Broken(ChanxConsumerMixin[Any]):
            @decorator(input_type=bad)  # type: ignore[untyped-decorator]
            async def handle(self, message: Any) -> None:
                return None


def test_non_message_input_annotation_raises_type_error() -> None:
    with pytest.raises(TypeError) as excinfo:

        class Broken(ChanxConsumerMixin[Any]):
            @ws_handler
            async def handle(self, message: int) -> None:
                return None

    text = str(excinfo.value)
    assert text.startswith("Input type")
    assert text.endswith("must be a BaseMessage subclass.")


def test_non_message_output_type_raises_type_error() -> None:
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):

        class Broken(ChanxConsumerMixin[Any]):
            @ws_handler
            async def handle(self, message: PingMessage) -> int:
                return 1


def test_future_annotations_are_recorded_and_resolved() -> None:
    spec = get_handler_spec(future_messages.FutureHandlers.future)
    assert spec is not None
    assert spec.input_annotation is future_messages.FutureMessage
    event_spec = get_handler_spec(future_messages.FutureHandlers.future_event)
    assert event_spec is not None
    assert event_spec.kind == "event"
    assert event_spec.input_annotation is future_messages.FutureEvent


# --------------------------------------------------------------------------- @channel


@pytest.mark.parametrize(
    ("class_name", "expected"),
    [
        ("RoomChatConsumer", "room_chat"),
        ("ChatConsumer", "chat"),
        ("Chat", "chat"),
        ("HTTPChatConsumer", "http_chat"),
        ("Room2ChatConsumer", "room2_chat"),
        ("ConsumerOfThingsConsumer", "consumer_of_things"),
    ],
)
def test_channel_name_defaults_to_snake_cased_class_name(class_name: str, expected: str) -> None:
    cls = channel()(type(class_name, (), {}))
    assert channel_info(cls).name == expected


def test_channel_without_decorator_uses_defaults() -> None:
    class PlainRoomConsumer:
        """Plain."""

    info = channel_info(PlainRoomConsumer)
    assert info.name == "plain_room"
    assert info.description == "Plain."
    assert info.tags == ()


def test_channel_description_defaults_to_dedented_docstring() -> None:
    @channel()
    class NotesConsumer:
        """First line.

            Indented detail.
        Back to the margin.
        """

    info = channel_info(NotesConsumer)
    assert info.description == "First line.\n\n    Indented detail.\nBack to the margin."


def test_channel_without_docstring_has_no_description() -> None:
    class Documented:
        """Parent docs must not leak into the child."""

    @channel()
    class UndocumentedConsumer(Documented):
        pass

    assert channel_info(UndocumentedConsumer).description is None


def test_channel_explicit_values_win() -> None:
    @channel(name="lobby", description="The lobby.", tags=["chat", "public"])
    class RoomChatConsumer:
        """Docstring that must not be used."""

    info = channel_info(RoomChatConsumer)
    assert (info.name, info.description, info.tags) == ("lobby", "The lobby.", ("chat", "public"))


def test_channel_returns_the_class_and_is_not_inherited() -> None:
    @channel(name="parent_name")
    class ParentConsumer:
        pass

    class ChildConsumer(ParentConsumer):
        pass

    assert channel()(ParentConsumer) is ParentConsumer
    assert channel_info(ChildConsumer).name == "child"
