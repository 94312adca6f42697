"""``BaseMessage``: every frame on the wire is one of these.

A concrete message declares ``action: Literal[...] = "..."``; the literal is the routing
key the framework builds discriminated unions from. The checks run once, at class
creation, so a mistake surfaces at import time instead of on the first frame.
"""

from __future__ import annotations

import abc
import typing
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticUndefined

__all__ = ["BaseMessage"]

ROUTING_FIELD = "action"


class BaseMessage(BaseModel, abc.ABC):
    """Base of every message a consumer receives, sends or relays as an event.

    Subclasses must declare ``action`` as a ``Literal`` with a default, and usually a
    ``payload`` model (``payload: None = None`` for a message without body).
    """

    model_config = ConfigDict(extra="ignore")

    action: Any
    payload: Any

    _chanx_checked: ClassVar[bool] = False

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if abc.ABC in cls.__bases__:
            return
        _check_routing_field(cls)


def _declares_action(cls: type[BaseMessage]) -> bool:
    for klass in cls.__mro__:
        if klass is BaseMessage:
            return False
        if ROUTING_FIELD in vars(klass).get("__annotations__", {}):
            return True
    return False


def _check_routing_field(cls: type[BaseMessage]) -> None:
    name = cls.__name__
    if not _declares_action(cls):
        raise TypeError(f"Class '{name}' must define an '{ROUTING_FIELD}' field")
    field = cls.model_fields[ROUTING_FIELD]
    if typing.get_origin(field.annotation) is not typing.Literal:
        raise TypeError(
            f"Class '{name}' requires the field '{ROUTING_FIELD}' to be a `Literal` type"
        )
    if field.default is PydanticUndefined:
        raise TypeError(f"Class '{name}' must give its '{ROUTING_FIELD}' field a default value")


def action_values(cls: type[BaseMessage], field: str = ROUTING_FIELD) -> tuple[str, ...]:
    """The literal values a message class routes on (usually exactly one)."""
    annotation = cls.model_fields[field].annotation
    return tuple(str(value) for value in typing.get_args(annotation))
