"""HTTP routes of the sandbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from sandbox_django import views
from sandbox_django.assistants import views as assistant_views
from sandbox_django.discussions.views import ThreadCommentsView
from sandbox_django.notifications import api as notification_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("", include("sandbox_django.accounts.urls")),
    path("", include("sandbox_django.chat.urls")),
    path("assistant/", assistant_views.assistant, name="assistant"),
    path("api/notifications/", notification_api.NotifyMe.as_view(), name="api-notify-me"),
    path(
        "discussions/<int:thread_id>/comments/",
        ThreadCommentsView.as_view(),
        name="thread_comments",
    ),
    # AsyncAPI 3.0 document of the websocket routes: schema/ (?format=json|yaml) and docs/.
    path("asyncapi/", include("chanx.channels.urls")),
]

if getattr(settings, "DOCS_ASSETS_DIR", None):
    # Self-hosted AsyncAPI component files (from its npm package) for offline docs.
    urlpatterns.append(
        re_path(
            r"^asyncapi/assets/(?P<path>.+)$", serve, {"document_root": settings.DOCS_ASSETS_DIR}
        )
    )
