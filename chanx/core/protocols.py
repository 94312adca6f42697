"""The seams an integration fills: the channel layer and the settings source.

Both Django Channels and fast-channels layers already satisfy :class:`ChannelLayer`.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["MISSING", "ChannelLayer", "SettingsSource"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


#: Returned by a :class:`SettingsSource` for a key it does not define.
MISSING: Any = _Missing()


@runtime_checkable
class ChannelLayer(Protocol):
    """The channel-layer methods chanx uses."""

    async def send(self, channel: str, message: dict[str, Any]) -> None: ...

    async def group_send(self, group: str, message: dict[str, Any]) -> None: ...

    async def group_add(self, group: str, channel: str) -> None: ...

    async def group_discard(self, group: str, channel: str) -> None: ...


class SettingsSource(Protocol):
    """Where an integration keeps chanx settings (Django: the ``CHANX`` dict)."""

    def get(self, key: str) -> Any:
        """The value of ``key`` (upper-case name), or :data:`MISSING`."""
        ...
