"""Websocket routes of the discussions (mounted at ``ws/discussions/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from sandbox_django.discussions.consumers import DiscussionsConsumer, ThreadConsumer

router = URLRouter(
    [
        path("", DiscussionsConsumer.as_asgi()),
        path("<int:thread_id>/", ThreadConsumer.as_asgi()),
    ]
)
