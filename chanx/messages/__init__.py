"""Message models: the base class with its routing-key checks and the built-in frames."""

from chanx.messages.base import BaseMessage

__all__ = ["BaseMessage"]
