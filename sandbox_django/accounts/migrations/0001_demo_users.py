"""Data migration: the demo users ``demo`` and ``demo2`` (password ``demo-password``)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations

from sandbox_django.accounts.demo import DEMO_PASSWORD, DEMO_USERS


def create_demo_users(apps: Any, schema_editor: Any) -> None:
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for username in DEMO_USERS:
        user_model.objects.get_or_create(
            username=username, defaults={"password": make_password(DEMO_PASSWORD)}
        )


def delete_demo_users(apps: Any, schema_editor: Any) -> None:
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user_model.objects.filter(username__in=DEMO_USERS).delete()


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(create_demo_users, delete_demo_users)]
