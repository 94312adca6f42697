"""The frame envelope: ``ref``/``topic``/``version`` keys beside a message's own fields.

Incoming frames are validated in one ``validate_json`` call on the raw text. A wrap
validator around the message union reads the envelope keys into an :class:`Envelope`
passed as validation context (and decamelizes keys when the consumer camelizes), so
the ``ref`` is known even when the message itself turns out to be invalid.
"""

from __future__ import annotations

from typing import Any

import humps
from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from chanx.constants import PROTOCOL_VERSION

__all__ = ["MAX_REF_LENGTH", "Envelope", "capture_envelope", "read_envelope"]

MAX_REF_LENGTH = 256


class Envelope:
    """Per-frame validation context: settings going in, envelope keys coming out."""

    __slots__ = ("camelize", "ref", "topic", "version")

    def __init__(self, *, camelize: bool = False) -> None:
        self.camelize = camelize
        self.ref: str | None = None
        self.topic: str | None = None
        self.version: int = PROTOCOL_VERSION


def capture_envelope(
    value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
) -> Any:
    """Wrap validator of incoming unions: require an object, read envelope keys, validate."""
    if type(value) is not dict:
        raise PydanticCustomError("json_invalid", "Frames must be JSON objects")
    envelope = info.context
    if isinstance(envelope, Envelope):
        if envelope.camelize:
            value = humps.decamelize(value)
        read_envelope(value, envelope)
    return handler(value)


def read_envelope(frame: dict[str, Any], envelope: Envelope) -> None:
    """Copy ``ref``/``topic``/``version`` of ``frame`` into ``envelope``.

    Raises ``PydanticCustomError`` (type ``envelope_invalid``) for a key of the wrong
    type; keys read before the bad one are kept, so a valid ``ref`` is still echoed.
    """
    ref = frame.get("ref")
    if ref is not None:
        if type(ref) is not str or len(ref) > MAX_REF_LENGTH:
            raise PydanticCustomError(
                "envelope_invalid",
                "'ref' must be a string of at most {max_length} characters",
                {"max_length": MAX_REF_LENGTH},
            )
        envelope.ref = ref
    topic = frame.get("topic")
    if topic is not None:
        if type(topic) is not str:
            raise PydanticCustomError("envelope_invalid", "'topic' must be a string")
        envelope.topic = topic
    version = frame.get("version")
    if version is not None:
        if type(version) is not int:
            raise PydanticCustomError("envelope_invalid", "'version' must be an integer")
        envelope.version = version
