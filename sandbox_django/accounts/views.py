"""Login for people (an HTML form) and for scripts (JSON with a token)."""

from __future__ import annotations

from django.contrib.auth import authenticate, login
from django.contrib.auth.views import LoginView
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sandbox_django.accounts.auth import AUTHENTICATION_CLASSES
from sandbox_django.accounts.demo import DEMO_PASSWORD, DEMO_USERS


class SandboxLoginView(LoginView):
    """``/accounts/login/``: Django's login form, showing the demo credentials."""

    template_name = "accounts/login.html"
    extra_context = {"demo_users": DEMO_USERS, "demo_password": DEMO_PASSWORD}


class TokenLoginView(APIView):
    """``POST /api/auth/login/`` (``username``, ``password``; form or JSON).

    Starts a session (the ``sessionid`` cookie authenticates websocket handshakes) and
    returns ``{"username", "token"}`` for the ``Authorization: Token <key>`` header.
    No authentication classes, hence no CSRF check: a login endpoint for scripts.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        user = authenticate(
            request._request,
            username=str(request.data.get("username", "")),
            password=str(request.data.get("password", "")),
        )
        if user is None:
            return Response({"detail": "invalid credentials"}, status=401)
        login(request._request, user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"username": user.get_username(), "token": token.key})


class MeView(APIView):
    """``GET /api/auth/me/``: who the session or token belongs to."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({"id": request.user.pk, "username": request.user.get_username()})
