"""ASGI application of the Django test project."""

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter

from chanx.channels.routing import path, re_path
from tests.channels.testapp import consumers

websocket_urlpatterns = [
    path("ws/behaviour/", consumers.BehaviourConsumer.as_asgi()),
    path("ws/behaviour/<str:room>/", consumers.BehaviourConsumer.as_asgi()),
    path("ws/ordered/", consumers.OrderedConsumer.as_asgi()),
    path("ws/completion/", consumers.CompletionConsumer.as_asgi()),
    path("ws/camel/", consumers.CamelConsumer.as_asgi()),
    path("ws/small/", consumers.SmallFramesConsumer.as_asgi()),
    path("ws/limited/", consumers.RateLimitedConsumer.as_asgi()),
    path("ws/idle/", consumers.IdleConsumer.as_asgi()),
    path("ws/auth/", consumers.AuthenticatedConsumer.as_asgi()),
    path("ws/broken-auth/", consumers.BrokenAuthConsumer.as_asgi()),
    path("ws/extras/", consumers.ExtrasConsumer.as_asgi()),
    path("ws/no-completion/", consumers.NoCompletionConsumer.as_asgi()),
    path("ws/logging/", consumers.LoggingConsumer.as_asgi()),
    re_path(r"^ws/rooms/(?P<room_name>[\w-]+)/$", consumers.RoomConsumer.as_asgi()),
    path("ws/topics/", consumers.TopicsConsumer.as_asgi()),
    path("ws/camel-topics/", consumers.CamelTopicsConsumer.as_asgi()),
    path("ws/topic-rooms/<str:room_name>/", consumers.RoomTopicConsumer.as_asgi()),
]

router = URLRouter(websocket_urlpatterns)

application = ProtocolTypeRouter({"websocket": AuthMiddlewareStack(router)})
