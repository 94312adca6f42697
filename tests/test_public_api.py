"""The import paths and names CONTRACT.md promises users, pinned."""

from __future__ import annotations

import importlib

import pytest

PUBLIC_NAMES: dict[str, set[str]] = {
    "chanx": {"__version__"},
    "chanx.constants": {
        "CLOSE_FORBIDDEN",
        "CLOSE_IDLE_TIMEOUT",
        "CLOSE_MESSAGE_TOO_LARGE",
        "CLOSE_POLICY_VIOLATION",
        "CLOSE_SERVER_ERROR",
        "CLOSE_UNAUTHENTICATED",
        "COMPLETE_ACTIONS",
        "DEFAULT_MAX_CONCURRENT_HANDLERS",
        "DEFAULT_MAX_JSON_DEPTH",
        "DEFAULT_MAX_MESSAGE_SIZE",
        "DEFAULT_MAX_TOPIC_SUBSCRIPTIONS",
        "DEFAULT_RATE_LIMIT_CLOSE_AFTER",
        "EVENT_ACTION_COMPLETE",
        "GROUP_ACTION_COMPLETE",
        "MAX_GROUP_NAME_LENGTH",
        "MESSAGE_ACTION_COMPLETE",
        "PROTOCOL_VERSION",
    },
    "chanx.messages.base": {"BaseMessage"},
    "chanx.messages.incoming": {"PingMessage"},
    "chanx.messages.outgoing": {
        "AuthenticationMessage",
        "AuthenticationPayload",
        "CompleteMessage",
        "ErrorMessage",
        "EventCompleteMessage",
        "GroupCompleteMessage",
        "PongMessage",
    },
    "chanx.messages.topic": {
        "SubscribeMessage",
        "SubscribedMessage",
        "UnsubscribeMessage",
        "UnsubscribedMessage",
    },
    "chanx.core.decorators": {
        "ChannelInfo",
        "HandlerKind",
        "HandlerSpec",
        "channel",
        "channel_info",
        "event_handler",
        "get_handler_spec",
        "ws_handler",
    },
    "chanx.core.errors": {
        "ERROR_CODES",
        "TOPIC_ERROR_REASONS",
        "TopicLayerNotFound",
        "ChanxError",
        "ChannelLayerNotConfigured",
        "ChannelLayerUnavailable",
        "DuplicateHandlerError",
        "ErrorCode",
        "HandlerDefinitionError",
        "MissingInputTypeError",
        "WsError",
    },
    "chanx.core.permissions": {
        "DEFAULT_DENIED_MESSAGE",
        "BasePermission",
        "ConnectionRequest",
        "HasRoles",
        "Permission",
        "PermissionEntry",
        "RoleResolver",
        "default_role_resolver",
    },
    "chanx.core.authenticator": {"BaseAuthenticator", "Credential", "CredentialLocation"},
    "chanx.core.testing": {
        "CapturedEvent",
        "CapturedTopicBroadcast",
        "CommunicatorMixin",
        "TopicFrame",
        "capture_broadcast_events",
        "capture_topic_broadcasts",
    },
    "chanx.core.topic": {"Topic"},
    "chanx.channels.websocket": {"AsyncJsonWebsocketConsumer"},
    "chanx.channels.authenticator": {"DjangoAuthenticator"},
    "chanx.channels.routing": {"include", "path", "re_path"},
    "chanx.channels.layers": {
        "DEFAULT_REDIS_CAPACITY",
        "DEFAULT_REDIS_MAX_CONNECTIONS",
        "redis_channel_layer",
    },
    "chanx.channels.utils.settings": {"override_chanx_settings"},
    "chanx.fast_channels": {
        "AsyncAPIConfig",
        "asyncapi_docs",
        "asyncapi_router",
        "asyncapi_spec_json",
        "asyncapi_spec_yaml",
    },
    "chanx.fast_channels.websocket": {"AsyncJsonWebsocketConsumer"},
    "chanx.fast_channels.origin": {"OriginCheckMiddleware", "origin_allowed"},
    "chanx.fast_channels.testing": {
        "CapturedEvent",
        "CapturedTopicBroadcast",
        "TopicFrame",
        "WebsocketCommunicator",
        "capture_broadcast_events",
        "capture_topic_broadcasts",
    },
    "chanx.channels.testing": {
        "CapturedEvent",
        "CapturedTopicBroadcast",
        "DjangoWebsocketCommunicator",
        "TopicFrame",
        "WebsocketCommunicator",
        "WebsocketTestCase",
        "capture_broadcast_events",
        "capture_topic_broadcasts",
    },
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC_NAMES))
def test_public_names_are_exported_and_importable(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == PUBLIC_NAMES[module_name]
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name} is in __all__ but missing"


def test_constants_have_contract_values() -> None:
    from chanx import constants

    assert constants.MESSAGE_ACTION_COMPLETE == "complete"
    assert constants.GROUP_ACTION_COMPLETE == "group_complete"
    assert constants.EVENT_ACTION_COMPLETE == "event_complete"
    assert {"complete", "group_complete", "event_complete"} == constants.COMPLETE_ACTIONS
    assert constants.CLOSE_UNAUTHENTICATED == 4401
    assert constants.MAX_GROUP_NAME_LENGTH == 99


def test_django_consumer_is_a_channels_consumer() -> None:
    from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer

    from chanx.channels.websocket import AsyncJsonWebsocketConsumer

    assert issubclass(AsyncJsonWebsocketConsumer, ChannelsConsumer)
