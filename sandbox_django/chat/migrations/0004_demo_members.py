"""Data migration: both demo users join ``general``; ``demo`` also joins ``random``."""

from typing import Any

from django.conf import settings
from django.db import migrations

MEMBERSHIPS = {"general": ["demo", "demo2"], "random": ["demo"]}


def add_members(apps: Any, schema_editor: Any) -> None:
    chat_model = apps.get_model("sandbox_chat", "Chat")
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for name, usernames in MEMBERSHIPS.items():
        chat = chat_model.objects.filter(name=name).first()
        if chat is not None:
            chat.members.add(*user_model.objects.filter(username__in=usernames))


def remove_members(apps: Any, schema_editor: Any) -> None:
    chat_model = apps.get_model("sandbox_chat", "Chat")
    for chat in chat_model.objects.filter(name__in=MEMBERSHIPS):
        chat.members.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox_chat", "0003_chat_members_messages"),
        ("sandbox_accounts", "0001_demo_users"),
    ]

    operations = [migrations.RunPython(add_members, remove_members)]
