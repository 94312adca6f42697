"""``python -m django announce TEXT``: an announcement to everyone connected.

Calls the ``announce`` task directly (in this process), so it needs no worker; with
``--queue`` the task goes through Celery instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from sandbox_django.notifications.messages import AnnouncementPayload
from sandbox_django.notifications.tasks import announce


class Command(BaseCommand):
    help = "Broadcast an announcement to every client connected to ws/notifications/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="What to announce (1 to 500 characters).")
        parser.add_argument(
            "--queue", action="store_true", help="Send it through Celery (announce.delay)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text: str = options["text"]
        try:
            AnnouncementPayload(text=text)
        except ValidationError as exc:
            raise CommandError(f"invalid announcement: {exc.errors()[0]['msg']}") from None
        if options["queue"]:
            announce.delay(text)
            self.stdout.write("announcement queued")
        else:
            announce(text)
            self.stdout.write("announcement sent")
