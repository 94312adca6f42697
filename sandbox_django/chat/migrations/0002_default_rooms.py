"""Data migration: the ``general`` and ``random`` chats."""

from typing import Any

from django.db import migrations

DEFAULT_ROOMS = {
    "general": "Everything about the sandbox",
    "random": "Anything else",
}


def create_rooms(apps: Any, schema_editor: Any) -> None:
    room_model = apps.get_model("sandbox_chat", "ChatRoom")
    for name, topic in DEFAULT_ROOMS.items():
        room_model.objects.get_or_create(name=name, defaults={"topic": topic})


def delete_rooms(apps: Any, schema_editor: Any) -> None:
    room_model = apps.get_model("sandbox_chat", "ChatRoom")
    room_model.objects.filter(name__in=DEFAULT_ROOMS).delete()


class Migration(migrations.Migration):
    dependencies = [("sandbox_chat", "0001_initial")]

    operations = [migrations.RunPython(create_rooms, delete_rooms)]
