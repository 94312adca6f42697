"""Accounts: demo users, JSON login, ``me`` and the ``sandbox_token`` command."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sandbox_django.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from sandbox_django.chat.models import Chat

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sandbox_django.urls")]


def test_demo_user_migration_creates_users_who_can_log_in() -> None:
    migration = importlib.import_module("sandbox_django.accounts.migrations.0001_demo_users")
    User.objects.filter(username__in=DEMO_USERS).delete()
    migration.create_demo_users(apps, None)
    migration.create_demo_users(apps, None)  # idempotent
    for username in DEMO_USERS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    assert User.objects.filter(username__in=DEMO_USERS).count() == len(DEMO_USERS)


def test_json_login_starts_a_session_and_returns_the_token(
    make_user: Callable[[str], User],
) -> None:
    ada = make_user("ada")
    client = APIClient()
    response = client.post(
        "/api/auth/login/", {"username": "ada", "password": "pw-123456"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"username": "ada", "token": Token.objects.get(user=ada).key}
    assert response.cookies["sessionid"].value
    me = client.get("/api/auth/me/")  # the session cookie alone
    assert me.json() == {"id": ada.pk, "username": "ada"}


def test_json_login_rejects_a_bad_password(make_user: Callable[[str], User]) -> None:
    make_user("ada")
    response = APIClient().post("/api/auth/login/", {"username": "ada", "password": "nope"})
    assert response.status_code == 401
    assert "sessionid" not in response.cookies


def test_me_needs_credentials() -> None:
    response = APIClient().get("/api/auth/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_sandbox_token_creates_users_and_memberships() -> None:
    team = Chat.objects.create(name="team")
    out = StringIO()
    call_command(
        "sandbox_token", "ada", "bob", "--password", "s3cret", "--chat", "team", stdout=out
    )
    lines = dict(line.split(" ") for line in out.getvalue().splitlines())
    assert set(lines) == {"ada", "bob"}
    for username, key in lines.items():
        user = User.objects.get(username=username)
        assert Token.objects.get(user=user).key == key
        assert team.has_member(user)
        assert user.check_password("s3cret")
    call_command("sandbox_token", "carl", "--no-chat", stdout=StringIO())
    assert not team.has_member(User.objects.get(username="carl"))


def test_sandbox_token_refuses_unknown_chats() -> None:
    with pytest.raises(CommandError, match="unknown chats: nope"):
        call_command("sandbox_token", "ada", "--chat", "nope", stdout=StringIO())
    assert not User.objects.filter(username="ada").exists()
