"""Topic patterns such as ``"room:{room_name}"``: parsing, matching and filling.

A pattern is literal text with ``{name}`` placeholders. Each placeholder matches one
or more characters other than ``:`` (so ``"thread:{thread_id}"`` never swallows a
nested ``"thread:1:reply"``). Patterns are compiled once, when the topic class is created.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from chanx.core.errors import HandlerDefinitionError

__all__ = ["MAX_TOPIC_LENGTH", "TopicPattern"]

#: Longest topic name accepted from a client (longer ones are ``unknown_topic``).
MAX_TOPIC_LENGTH = 256

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class TopicPattern:
    """A compiled topic pattern."""

    __slots__ = ("_regex", "parameters", "text")

    def __init__(self, text: str) -> None:
        if not text:
            raise HandlerDefinitionError(
                f"A topic pattern must be a non-empty string, not {text!r}"
            )
        self.text = text
        self.parameters: tuple[str, ...] = tuple(_PLACEHOLDER.findall(text))
        for name in self.parameters:
            if not _IDENTIFIER.match(name):
                raise HandlerDefinitionError(
                    f"Topic pattern {text!r}: {{{name}}} is not a valid parameter name"
                )
        if len(set(self.parameters)) != len(self.parameters):
            raise HandlerDefinitionError(f"Topic pattern {text!r} repeats a parameter")
        self._regex = re.compile(self._regex_source(text) + r"\Z")

    @staticmethod
    def _regex_source(text: str) -> str:
        parts: list[str] = []
        position = 0
        for match in _PLACEHOLDER.finditer(text):
            parts.append(re.escape(text[position : match.start()]))
            parts.append(f"(?P<{match.group(1)}>[^:]+)")
            position = match.end()
        parts.append(re.escape(text[position:]))
        return "".join(parts)

    def match(self, topic: str) -> dict[str, str] | None:
        """The parameters of ``topic`` if it fits this pattern, else ``None``."""
        if len(topic) > MAX_TOPIC_LENGTH:
            return None
        found = self._regex.match(topic)
        return found.groupdict() if found is not None else None

    def format(self, params: Mapping[str, object]) -> str:
        """The topic name with every placeholder filled from ``params``.

        Raises ``KeyError`` for a missing parameter and ``ValueError`` when a value is
        empty or contains ``:`` (it would not match the pattern back).
        """
        values: dict[str, str] = {}
        for name in self.parameters:
            value = str(params[name])
            if not value or ":" in value:
                raise ValueError(f"Topic parameter {name}={value!r} must be non-empty without ':'")
            values[name] = value
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)

    def __repr__(self) -> str:
        return f"TopicPattern({self.text!r})"
