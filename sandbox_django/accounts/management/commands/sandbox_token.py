"""``python -m django sandbox_token [USERNAME ...] [--password PW] [--chat NAME ...]``.

Creates each user if missing (password ``--password``, default ``demo-password``),
adds them to the chats named with ``--chat`` (default: ``general``; ``--no-chat`` for
none) and prints one ``<username> <token>`` line per user, creating the DRF token if
needed. Without usernames it does this for ``demo``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from sandbox_django.accounts.demo import DEMO_PASSWORD
from sandbox_django.chat.models import Chat


class Command(BaseCommand):
    help = "Create sandbox users if missing, add them to chats and print their DRF tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="*", default=["demo"], metavar="USERNAME")
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"Password of users created now (default: {DEMO_PASSWORD}).",
        )
        parser.add_argument(
            "--chat",
            action="append",
            dest="chats",
            metavar="NAME",
            help="Chat to add the users to (repeatable; default: general).",
        )
        parser.add_argument("--no-chat", action="store_true", help="Add the users to no chat.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [] if options["no_chat"] else (options["chats"] or ["general"])
        chats = list(Chat.objects.filter(name__in=names))
        missing = set(names) - {chat.name for chat in chats}
        if missing:
            raise CommandError(f"unknown chats: {', '.join(sorted(missing))}")
        for username in options["usernames"]:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(options["password"])
                user.save(update_fields=["password"])
            for chat in chats:
                chat.members.add(user)
            token, _ = Token.objects.get_or_create(user=user)
            self.stdout.write(f"{username} {token.key}")
