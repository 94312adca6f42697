"""ASGI application of the Django security test server (daphne subprocess).

Sets Django up on a fresh SQLite file, creates the users and DRF tokens of
:mod:`tests.security.tokens`, and mounts the consumers of
:mod:`tests.security.django_consumers` behind ``AuthMiddlewareStack``.
"""

from __future__ import annotations

import os

import django
import structlog

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.security.django_settings")
django.setup()
structlog.configure(
    processors=[structlog.processors.add_log_level, structlog.processors.JSONRenderer()]
)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from chanx.channels.routing import path  # noqa: E402
from tests.security import django_consumers as consumers  # noqa: E402
from tests.security.tokens import USERS  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)
for _key, _name in USERS.items():
    _user, _ = get_user_model().objects.get_or_create(username=_name)
    Token.objects.get_or_create(user=_user, key=_key)

application = ProtocolTypeRouter(
    {
        "websocket": AuthMiddlewareStack(
            URLRouter(
                [
                    path("ws/cred/", consumers.CredConsumer.as_asgi()),
                    path("ws/cred-query/", consumers.CredQueryConsumer.as_asgi()),
                    path("ws/capped/", consumers.CappedConsumer.as_asgi()),
                    path("ws/capped-anon/", consumers.AnonCappedConsumer.as_asgi()),
                ]
            )
        )
    }
)
