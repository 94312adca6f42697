"""``BaseMessage`` class-creation checks, the built-in messages and protocol constants."""

from __future__ import annotations

import abc
import sys
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ValidationError

from chanx import constants
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import (
    AuthenticationMessage,
    AuthenticationPayload,
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
    PongMessage,
)
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)
from tests.core import future_messages

NO_ACTION = "Class '{}' must define an 'action' field"
NOT_LITERAL = "Class '{}' requires the field 'action' to be a `Literal` type"


def _raised_text(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    return str(excinfo.value)


# --------------------------------------------------------------------------- class checks


def test_message_without_action_is_rejected_with_contract_text() -> None:
    with pytest.raises(TypeError) as excinfo:

        class NoAction(BaseMessage):
            payload: None = None

    assert _raised_text(excinfo) == NO_ACTION.format("NoAction")


def test_message_with_only_inherited_base_action_is_rejected() -> None:
    """``BaseMessage.action`` itself (``Any``) does not count as a declaration."""
    with pytest.raises(TypeError) as excinfo:

        class OnlyPayload(BaseMessage):
            payload: int = 1

    assert _raised_text(excinfo) == NO_ACTION.format("OnlyPayload")


@pytest.mark.parametrize(
    "annotation",
    [str, int, Any, typing.Optional[str]],  # noqa: UP045 - an Optional annotation on purpose
    ids=["str", "int", "Any", "Optional"],
)
def test_message_with_non_literal_action_is_rejected_with_contract_text(annotation: Any) -> None:
    namespace: dict[str, Any] = {"__annotations__": {"action": annotation}, "action": "x"}
    with pytest.raises(TypeError) as excinfo:
        types.new_class("NotLiteral", (BaseMessage,), exec_body=lambda ns: ns.update(namespace))
    assert _raised_text(excinfo) == NOT_LITERAL.format("NotLiteral")


def test_message_with_literal_action_without_default_is_rejected() -> None:
    with pytest.raises(TypeError, match="default"):

        class NoDefault(BaseMessage):
            action: Literal["no_default"]
            payload: None = None


def test_abstract_intermediate_base_listing_abc_is_exempt() -> None:
    class Envelope(BaseMessage, abc.ABC):
        """Shared payload for a family of messages; has no action itself."""

        payload: int = 0

    class Concrete(Envelope):
        action: Literal["concrete"] = "concrete"

    assert Concrete(payload=3).model_dump() == {"action": "concrete", "payload": 3}

    with pytest.raises(TypeError) as excinfo:

        class StillNeedsAction(Envelope):
            payload: int = 1

    assert _raised_text(excinfo) == NO_ACTION.format("StillNeedsAction")


def test_abc_exemption_is_only_for_direct_bases() -> None:
    """A subclass of an abstract base that does not list ``abc.ABC`` itself is checked."""

    class Abstract(BaseMessage, abc.ABC):
        payload: None = None

    with pytest.raises(TypeError) as excinfo:

        class Child(Abstract):
            pass

    assert _raised_text(excinfo) == NO_ACTION.format("Child")


def test_action_inherited_from_concrete_parent_is_accepted() -> None:
    class Parent(BaseMessage):
        action: Literal["parent"] = "parent"
        payload: None = None

    class Child(Parent):
        payload: None = None

    assert Child().action == "parent"


def test_future_annotations_module_defines_valid_messages() -> None:
    message = future_messages.FutureMessage(payload=future_messages.FuturePayload(text="hi"))
    assert message.model_dump() == {"action": "future", "payload": {"text": "hi"}}
    field = future_messages.FutureMessage.model_fields["action"]
    assert typing.get_args(field.annotation) == ("future",)


@pytest.fixture
def future_module() -> Iterator[types.ModuleType]:
    """An importable scratch module whose annotations are strings."""
    name = "tests.core._scratch_future_module"
    module = types.ModuleType(name)
    sys.modules[name] = module
    yield module
    del sys.modules[name]


def _exec_future(module: types.ModuleType, body: str) -> None:
    source = "from __future__ import annotations\nfrom typing import Literal\n" + body
    module.__dict__["BaseMessage"] = BaseMessage
    exec(compile(source, module.__name__, "exec", dont_inherit=True), module.__dict__)


def test_future_annotations_still_reject_missing_action(future_module: types.ModuleType) -> None:
    with pytest.raises(TypeError) as excinfo:
        _exec_future(future_module, "class Late(BaseMessage):\n    payload: None = None\n")
    assert _raised_text(excinfo) == NO_ACTION.format("Late")


def test_future_annotations_still_reject_non_literal(future_module: types.ModuleType) -> None:
    with pytest.raises(TypeError) as excinfo:
        _exec_future(
            future_module,
            "class Late(BaseMessage):\n    action: str = 'late'\n    payload: None = None\n",
        )
    assert _raised_text(excinfo) == NOT_LITERAL.format("Late")


def test_future_annotations_accept_literal(future_module: types.ModuleType) -> None:
    _exec_future(
        future_module,
        "class Late(BaseMessage):\n    action: Literal['late'] = 'late'\n    payload: int = 0\n",
    )
    late = future_module.Late
    assert late.model_validate({"action": "late", "payload": 2}).payload == 2


# --------------------------------------------------------------------------- model behaviour


def test_payload_may_be_omitted_when_defaulted() -> None:
    assert PingMessage.model_validate({"action": "ping"}) == PingMessage()


def test_unknown_top_level_keys_are_ignored() -> None:
    message = PingMessage.model_validate({"action": "ping", "payload": None, "extra": 1})
    assert message.model_dump() == {"action": "ping", "payload": None}


def test_wrong_action_value_is_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        PingMessage.model_validate({"action": "pong"})
    assert excinfo.value.errors()[0]["type"] == "literal_error"


# --------------------------------------------------------------------------- built-in messages


BUILT_IN_ACTIONS: list[tuple[type[BaseMessage], str]] = [
    (PingMessage, "ping"),
    (PongMessage, "pong"),
    (ErrorMessage, "error"),
    (AuthenticationMessage, "authentication"),
    (CompleteMessage, "complete"),
    (GroupCompleteMessage, "group_complete"),
    (EventCompleteMessage, "event_complete"),
    (SubscribeMessage, "subscribe"),
    (SubscribedMessage, "subscribed"),
    (UnsubscribeMessage, "unsubscribe"),
    (UnsubscribedMessage, "unsubscribed"),
]


@pytest.mark.parametrize(
    ("message_cls", "action"), BUILT_IN_ACTIONS, ids=[a for _, a in BUILT_IN_ACTIONS]
)
def test_built_in_message_action_literal(message_cls: type[BaseMessage], action: str) -> None:
    field = message_cls.model_fields["action"]
    assert typing.get_origin(field.annotation) is Literal
    assert typing.get_args(field.annotation) == (action,)
    assert field.default == action


BODYLESS = [
    PingMessage,
    PongMessage,
    CompleteMessage,
    GroupCompleteMessage,
    EventCompleteMessage,
    SubscribeMessage,
    SubscribedMessage,
    UnsubscribeMessage,
    UnsubscribedMessage,
]


@pytest.mark.parametrize("message_cls", BODYLESS, ids=lambda c: c.__name__)
def test_bodyless_messages_dump_null_payload(message_cls: type[BaseMessage]) -> None:
    message = message_cls()  # type: ignore[call-arg]
    expected_action = typing.get_args(message_cls.model_fields["action"].annotation)[0]
    assert message.model_dump(mode="json") == {"action": expected_action, "payload": None}
    with pytest.raises(ValidationError):
        message_cls.model_validate({"action": expected_action, "payload": {"x": 1}})


@pytest.mark.parametrize(
    "payload",
    [[{"type": "missing", "loc": [], "msg": "m"}], {"detail": "d", "code": "c"}, "text"],
    ids=["list", "dict", "str"],
)
def test_error_message_payload_is_any(payload: Any) -> None:
    message = ErrorMessage(payload=payload)
    assert message.model_dump(mode="json") == {"action": "error", "payload": payload}


def test_error_message_requires_payload() -> None:
    with pytest.raises(ValidationError):
        ErrorMessage.model_validate({"action": "error"})


def test_authentication_payload_fields() -> None:
    assert issubclass(AuthenticationPayload, BaseModel)
    payload = AuthenticationPayload(status_code=200, status_text="OK")
    assert payload.data is None
    message = AuthenticationMessage(
        payload=AuthenticationPayload(
            status_code=403, status_text="Forbidden", data={"detail": "x"}
        )
    )
    assert message.model_dump(mode="json") == {
        "action": "authentication",
        "payload": {"status_code": 403, "status_text": "Forbidden", "data": {"detail": "x"}},
    }
    with pytest.raises(ValidationError):
        AuthenticationPayload.model_validate({"status_code": "not a number", "status_text": "x"})
    with pytest.raises(ValidationError):
        AuthenticationPayload.model_validate({"status_code": 200})


# --------------------------------------------------------------------------- constants


def test_constants_match_the_contract() -> None:
    assert constants.MESSAGE_ACTION_COMPLETE == "complete"
    assert constants.GROUP_ACTION_COMPLETE == "group_complete"
    assert constants.EVENT_ACTION_COMPLETE == "event_complete"
    assert set(constants.COMPLETE_ACTIONS) == {"complete", "group_complete", "event_complete"}
    assert constants.CLOSE_UNAUTHENTICATED == 4401
    assert constants.MAX_GROUP_NAME_LENGTH == 99


def test_completion_constants_match_message_actions() -> None:
    assert CompleteMessage().action == constants.MESSAGE_ACTION_COMPLETE
    assert GroupCompleteMessage().action == constants.GROUP_ACTION_COMPLETE
    assert EventCompleteMessage().action == constants.EVENT_ACTION_COMPLETE
