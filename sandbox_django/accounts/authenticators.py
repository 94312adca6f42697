"""Websocket handshake authentication shared by the sandbox's consumers."""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.core.authenticator import Credential
from sandbox_django.accounts.auth import AUTHENTICATION_CLASSES


class LoggedInAuthenticator(DjangoAuthenticator):
    """A logged-in user: DRF token header or Django session cookie.

    Browsers send the ``sessionid`` cookie with the handshake by themselves; scripts
    send ``Authorization: Token <key>``. Neither → 401, close 4401.
    """

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated]
    credentials = [
        Credential("Authorization", "header", "DRF token: `Authorization: Token <key>`"),
        Credential("sessionid", "cookie", "Django session cookie (log in at /accounts/login/)"),
    ]
