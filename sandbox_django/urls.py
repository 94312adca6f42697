"""HTTP routes of the sandbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from sandbox_django import views
from sandbox_django.chat import views as chat_views
from sandbox_django.discussions.views import ThreadCommentsView

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("login/", views.login_view, name="login"),
    path("announce/", chat_views.announce, name="announce"),
    path(
        "discussions/<int:thread_id>/comments/",
        ThreadCommentsView.as_view(),
        name="thread_comments",
    ),
    # AsyncAPI 3.0 document of the websocket routes: schema/ (?format=json|yaml) and docs/.
    path("asyncapi/", include("chanx.channels.urls")),
]

if settings.DOCS_ASSETS_DIR:
    # Self-hosted AsyncAPI component files (from its npm package) for offline docs.
    urlpatterns.append(
        re_path(
            r"^asyncapi/assets/(?P<path>.+)$", serve, {"document_root": settings.DOCS_ASSETS_DIR}
        )
    )
