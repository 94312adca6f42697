"""Routes of the accounts app (mounted at the project root)."""

from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import URLPattern, path

from sandbox_django.accounts import views

urlpatterns: list[URLPattern] = [
    path("accounts/login/", views.SandboxLoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("api/auth/login/", views.TokenLoginView.as_view(), name="api-login"),
    path("api/auth/me/", views.MeView.as_view(), name="api-me"),
]
