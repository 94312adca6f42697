"""ASGI application: both implementations, with and without authentication.

``/bench/chanx/``, ``/bench/chanx-auth/``, ``/bench/plain/``, ``/bench/plain-auth/``.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.app.settings")

import django

django.setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from benchmarks.app.consumers import (  # noqa: E402
    ChanxAuthConsumer,
    ChanxConsumer,
    PlainAuthConsumer,
    PlainConsumer,
)

websocket_urlpatterns = [
    path("bench/chanx/", ChanxConsumer.as_asgi()),
    path("bench/chanx-auth/", ChanxAuthConsumer.as_asgi()),
    path("bench/plain/", PlainConsumer.as_asgi()),
    path("bench/plain-auth/", PlainAuthConsumer.as_asgi()),
]

application = ProtocolTypeRouter({"websocket": URLRouter(websocket_urlpatterns)})
