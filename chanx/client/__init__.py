"""Runtime of generated chanx clients (needs the ``client`` extra: websockets).

Generated ``<Channel>Client`` classes subclass :class:`BaseClient`; generated models
subclass :class:`ClientModel`; topic handles subclass :class:`TopicHandle`.
"""

from chanx.client.backoff import Backoff
from chanx.client.base import BaseClient
from chanx.client.errors import (
    AuthenticationFailed,
    ClientError,
    ConnectFailed,
    ConnectionLost,
    NotConnected,
    RequestTimeout,
    ServerError,
    TopicError,
)
from chanx.client.model import ClientModel
from chanx.client.topic import TopicHandle

__all__ = [
    "AuthenticationFailed",
    "Backoff",
    "BaseClient",
    "ClientError",
    "ClientModel",
    "ConnectFailed",
    "ConnectionLost",
    "NotConnected",
    "RequestTimeout",
    "ServerError",
    "TopicError",
    "TopicHandle",
]
