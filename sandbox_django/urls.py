"""HTTP routes of the sandbox."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from sandbox_django import views
from sandbox_django.chat import views as chat_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("login/", views.login_view, name="login"),
    path("announce/", chat_views.announce, name="announce"),
    # AsyncAPI 3.0 document of the websocket routes: schema/ (?format=json|yaml) and docs/.
    path("asyncapi/", include("chanx.channels.urls")),
]
