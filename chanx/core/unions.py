"""Discriminated unions of message classes, built as pydantic ``TypeAdapter``s.

A tagged-union core schema keyed on the routing field gives ``union_tag_invalid`` /
``union_tag_not_found`` errors for unknown or missing actions, works for a single
member, and lets a message class route several literal values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, cast

from pydantic import GetCoreSchemaHandler, TypeAdapter
from pydantic_core import PydanticCustomError, core_schema

from chanx.core.envelope import capture_envelope
from chanx.messages.base import BaseMessage, action_values

__all__ = ["build_union_adapter"]


class _TaggedMessageUnion:
    """Annotation marker producing the tagged-union schema for ``members``."""

    def __init__(self, members: Sequence[type[BaseMessage]], field: str, envelope: bool) -> None:
        self.members = tuple(members)
        self.field = field
        self.envelope = envelope

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = self._union_schema(handler)
        if self.envelope:
            schema = core_schema.with_info_wrap_validator_function(capture_envelope, schema)
        return schema

    def _union_schema(self, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        by_tag: dict[str, list[core_schema.CoreSchema]] = {}
        for member in self.members:
            member_schema = handler.generate_schema(member)
            for tag in action_values(member, self.field):
                by_tag.setdefault(tag, []).append(member_schema)
        if not by_tag:
            return core_schema.no_info_plain_validator_function(_reject_every_action)
        choices: dict[str | int, core_schema.CoreSchema] = {
            tag: schemas[0]
            if len(schemas) == 1
            else core_schema.union_schema(cast(list[Any], schemas))
            for tag, schemas in by_tag.items()
        }
        return core_schema.tagged_union_schema(choices, discriminator=self.field)


def _reject_every_action(value: Any) -> Any:
    raise PydanticCustomError("union_tag_invalid", "This endpoint accepts no messages")


def build_union_adapter(
    members: Sequence[type[BaseMessage]], field: str = "action", *, envelope: bool = False
) -> TypeAdapter[Any]:
    """A ``TypeAdapter`` validating any of ``members``, routed on ``field``.

    With ``envelope=True`` the adapter expects a whole frame and fills an
    :class:`chanx.core.envelope.Envelope` given as validation context.
    """
    marker = _TaggedMessageUnion(members, field, envelope)
    return TypeAdapter(Annotated[BaseMessage, marker])
