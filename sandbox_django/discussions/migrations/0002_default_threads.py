from typing import Any

from django.db import migrations

THREADS = [("Welcome to chanx", False), ("Topics over one socket", False), ("Archived", True)]


def create_threads(apps: Any, schema_editor: Any) -> None:
    Thread = apps.get_model("discussions", "Thread")
    for title, locked in THREADS:
        Thread.objects.get_or_create(title=title, defaults={"locked": locked})


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [migrations.RunPython(create_threads, migrations.RunPython.noop)]
