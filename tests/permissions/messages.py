"""Messages of the permission tests (framework-free)."""

from __future__ import annotations

from typing import Literal

from chanx.messages.base import BaseMessage


class AdminOnlyMessage(BaseMessage):
    action: Literal["admin_only"] = "admin_only"
    payload: None = None


class AdminEditorMessage(BaseMessage):
    action: Literal["admin_editor"] = "admin_editor"
    payload: None = None


class AsyncCheckMessage(BaseMessage):
    action: Literal["async_check"] = "async_check"
    payload: None = None


class MembersOnlyMessage(BaseMessage):
    action: Literal["members_only"] = "members_only"
    payload: None = None


class ExplodingMessage(BaseMessage):
    action: Literal["exploding"] = "exploding"
    payload: None = None


class RefusedFirstMessage(BaseMessage):
    action: Literal["refused_first"] = "refused_first"
    payload: None = None


class QuotaMessage(BaseMessage):
    action: Literal["quota"] = "quota"
    payload: None = None


class VipMessage(BaseMessage):
    action: Literal["vip"] = "vip"
    payload: None = None


class OpenMessage(BaseMessage):
    action: Literal["open"] = "open"
    payload: None = None


class DoneMessage(BaseMessage):
    """Reply of every permission-test handler: the handler's name."""

    action: Literal["done"] = "done"
    payload: str


class DrfAdminMessage(BaseMessage):
    action: Literal["drf_admin"] = "drf_admin"
    payload: None = None


class TokenOnlyMessage(BaseMessage):
    action: Literal["token_only"] = "token_only"
    payload: None = None


class StaffGroupMessage(BaseMessage):
    action: Literal["staff_group"] = "staff_group"
    payload: None = None


class ComposedMessage(BaseMessage):
    action: Literal["composed"] = "composed"
    payload: None = None


class RaisesDeniedMessage(BaseMessage):
    action: Literal["raises_denied"] = "raises_denied"
    payload: None = None
