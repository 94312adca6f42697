"""The home page: what the sandbox has and where to start."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sandbox_django.accounts.demo import DEMO_PASSWORD, DEMO_USERS


def index(request: HttpRequest) -> HttpResponse:
    """Links to the pages, the APIs and the AsyncAPI docs."""
    context = {
        "redis": settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis"),
        "celery_eager": settings.CELERY_TASK_ALWAYS_EAGER,
        "demo_users": DEMO_USERS,
        "demo_password": DEMO_PASSWORD,
    }
    return render(request, "sandbox_django/index.html", context)
