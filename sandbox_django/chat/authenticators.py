"""Handshake authentication of the room chat."""

from __future__ import annotations

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.core.authenticator import Credential
from sandbox_django.chat.models import ChatRoom


class ChatRoomAuthenticator(DjangoAuthenticator):
    """A logged-in user (DRF token or session cookie) and an existing room.

    No credentials or a bad token → 401 (close 4401); unknown room → 404 (close 4404).
    """

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    queryset = ChatRoom.objects.all()
    lookup_field = "name"
    lookup_url_kwarg = "room_name"
    credentials = [
        Credential("Authorization", "header", "DRF token: `Authorization: Token <key>`"),
        Credential("sessionid", "cookie", "Django session cookie (see POST /login/)"),
    ]
