"""ASGI entry point: ``daphne sandbox_django.asgi:application``.

HTTP goes to Django (static files included: daphne serves the pages' CSS and JS
itself, no build step); websockets pass the ``Origin`` check (``ALLOWED_HOSTS``), get
``scope["user"]``/``scope["session"]`` from the session cookie, then are routed.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox_django.settings")
# Set up Django (apps, models) before importing anything that touches models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from chanx.channels.routing import include, path  # noqa: E402

websocket_urlpatterns = [
    path("ws/system/", include("sandbox_django.system.routing")),
    path("ws/chat/", include("sandbox_django.chat.routing")),
    path("ws/assistant/", include("sandbox_django.assistants.routing")),
    path("ws/notifications/", include("sandbox_django.notifications.routing")),
    path("ws/discussions/", include("sandbox_django.discussions.routing")),
]

application = ProtocolTypeRouter(
    {
        "http": ASGIStaticFilesHandler(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
