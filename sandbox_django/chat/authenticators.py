"""Handshake authentication of ``ws/chat/<chat_id>/``."""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticated

from sandbox_django.accounts.authenticators import LoggedInAuthenticator
from sandbox_django.chat.models import Chat
from sandbox_django.chat.permissions import IsChatMember


class ChatAuthenticator(LoggedInAuthenticator):
    """A logged-in member of an existing chat.

    DRF runs exactly as for the REST views: no credentials → 401 (close 4401), unknown
    ``chat_id`` → 404 (close 4404), not a member → 403 (close 4403). The chat is
    ``self.obj`` afterwards.
    """

    permission_classes = [IsAuthenticated, IsChatMember]
    queryset = Chat.objects.all()
    lookup_url_kwarg = "chat_id"
