"""How the sandbox authenticates REST requests and websocket handshakes.

Token first: a request without credentials gets 401 (``WWW-Authenticate: Token``)
rather than 403. Views and authenticators name these classes explicitly instead of
relying on ``REST_FRAMEWORK`` defaults, which DRF reads when a class is defined.
"""

from __future__ import annotations

from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)

AUTHENTICATION_CLASSES: list[type[BaseAuthentication]] = [
    TokenAuthentication,
    SessionAuthentication,
]
