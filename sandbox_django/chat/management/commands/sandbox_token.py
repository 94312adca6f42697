"""``python -m django sandbox_token [USERNAME ...] [--password PW]``.

Creates each user if missing (with ``--password``, default ``demo``) and prints one
``<username> <token>`` line per user, creating the DRF token if needed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create sandbox users if missing and print their DRF tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="*", default=["demo"], metavar="USERNAME")
        parser.add_argument(
            "--password", default="demo", help="Password of users created now (default: demo)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for username in options["usernames"]:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(options["password"])
                user.save(update_fields=["password"])
            token, _ = Token.objects.get_or_create(user=user)
            self.stdout.write(f"{username} {token.key}")
