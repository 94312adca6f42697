"""``manage.py generate_asyncapi_schema``: print or write the project's AsyncAPI document.

Options override the ``CHANX`` settings: ``--format {json,yaml}`` (default yaml),
``--file PATH`` (default: standard output), ``--base-url`` (the server,
``wss://example.com``), ``--title``, ``--api-version``, ``--description``. Without
``--base-url`` the server is ``ASYNCAPI_SERVERS``/``ASYNCAPI_SERVER_URL``/
``WEBSOCKET_BASE_URL``, else ``ws://localhost:8000``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chanx.asyncapi import to_json, to_yaml
from chanx.channels.asyncapi_settings import DEFAULT_SERVER_URL
from chanx.channels.schema import generate_project_asyncapi


class Command(BaseCommand):
    help = "Generate the AsyncAPI 3.0 document of the project's chanx websocket consumers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=("json", "yaml"),
            default="yaml",
            help="Output format (default: yaml).",
        )
        parser.add_argument(
            "--file", metavar="PATH", help="Write the document to PATH instead of stdout."
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help=(
                "WebSocket server URL, e.g. wss://example.com (default: the CHANX "
                f"settings, else {DEFAULT_SERVER_URL})."
            ),
        )
        parser.add_argument("--title", help="Document title (default: ASYNCAPI_TITLE).")
        parser.add_argument(
            "--api-version",
            metavar="VERSION",
            help="API version (default: ASYNCAPI_VERSION).",
        )
        parser.add_argument(
            "--description", help="API description (default: ASYNCAPI_DESCRIPTION)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = generate_project_asyncapi(
                server_url=options["base_url"] or None,
                default_server_url=DEFAULT_SERVER_URL,
                title=options["title"] or None,
                version=options["api_version"] or None,
                description=options["description"] or None,
            )
        except (ImproperlyConfigured, ValueError, TypeError) as exc:
            raise CommandError(str(exc)) from exc
        text = to_json(document) if options["format"] == "json" else to_yaml(document)
        target = options["file"]
        if not target:
            self.stdout.write(text, ending="")
            return
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stderr.write(f"AsyncAPI document written to {path}")
