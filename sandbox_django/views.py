"""Project-level pages: the endpoint index and a JSON login for websocket clients."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from sandbox_django.chat.models import ChatRoom


def index(request: HttpRequest) -> HttpResponse:
    """List the sandbox's websocket and HTTP endpoints."""
    context = {
        "rooms": list(ChatRoom.objects.values_list("name", flat=True)),
        "redis": "Redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"],
    }
    return render(request, "sandbox_django/index.html", context)


@csrf_exempt
@require_POST
def login_view(request: HttpRequest) -> JsonResponse:
    """``POST /login/`` with form fields ``username``/``password``.

    Starts a Django session (the ``sessionid`` cookie authenticates websocket handshakes
    through ``AuthMiddlewareStack``) and returns the user's DRF token for the
    ``Authorization: Token <key>`` header. CSRF-exempt for command-line clients: a
    sandbox convenience, not a pattern for production logins.
    """
    user = authenticate(
        request,
        username=request.POST.get("username", ""),
        password=request.POST.get("password", ""),
    )
    if user is None:
        return JsonResponse({"detail": "invalid credentials"}, status=401)
    login(request, user)
    token, _ = Token.objects.get_or_create(user=user)
    return JsonResponse({"username": user.get_username(), "token": token.key})
