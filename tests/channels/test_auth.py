"""Handshake authentication with the real DRF machinery (``DjangoAuthenticator``)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.routing import path
from chanx.channels.testing import DjangoWebsocketCommunicator
from chanx.channels.utils.settings import override_chanx_settings
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import AuthenticationMessage, PongMessage
from tests.channels.helpers import Headers, assert_silent, close_communicator, frames, group_send
from tests.channels.testapp.asgi import application
from tests.channels.testapp.consumers import (
    AuthenticatedConsumer,
    RoomAuthenticator,
    RoomConsumer,
    UserAuthenticator,
)
from tests.channels.testapp.models import Room

pytestmark = pytest.mark.django_db(transaction=True)

NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
OK = {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}}


@pytest.fixture
async def user() -> Any:
    model = get_user_model()
    return await sync_to_async(model.objects.create_user)(username="ada", password="pw-123456")


@pytest.fixture
async def token_headers(user: Any) -> Headers:
    token = await Token.objects.acreate(user=user)
    return [(b"authorization", f"Token {token.key}".encode())]


@pytest.fixture
async def session_headers(user: Any) -> Headers:
    def login() -> str:
        client = Client()
        client.force_login(user)
        return str(client.cookies["sessionid"].value)

    session_id = await sync_to_async(login)()
    return [(b"cookie", f"sessionid={session_id}".encode())]


async def _open(
    ws_path: str, consumer: type[Any], headers: Headers | None = None, app: Any = None
) -> DjangoWebsocketCommunicator:
    communicator = DjangoWebsocketCommunicator(
        app or application, ws_path, headers=headers, consumer=consumer
    )
    connected, _ = await communicator.connect()
    assert connected  # chanx accepts, then authenticates
    return communicator


async def _refused(
    ws_path: str,
    consumer: type[Any],
    headers: Headers | None = None,
    app: Any = None,
) -> tuple[dict[str, Any], int | None]:
    """Open, read the authentication frame and the close code, then clean up."""
    communicator = await _open(ws_path, consumer, headers, app)
    try:
        auth = await communicator.wait_for_auth()
        close = await communicator.receive_output()
        assert close["type"] == "websocket.close"
        return auth.payload.model_dump(), close.get("code")
    finally:
        await close_communicator(communicator)


# --------------------------------------------------------------------------- AuthenticatedConsumer


async def test_no_credentials_is_refused_with_drf_status() -> None:
    # DRF: NotAuthenticated becomes 403 when the first authentication class
    # (SessionAuthentication here) has no WWW-Authenticate header.
    payload, code = await _refused("/ws/auth/", AuthenticatedConsumer)
    assert payload == {"status_code": 403, "status_text": "Forbidden", "data": NOT_PROVIDED}
    assert code == 4403


async def test_invalid_token_is_refused() -> None:
    payload, code = await _refused(
        "/ws/auth/", AuthenticatedConsumer, [(b"authorization", b"Token not-a-real-token")]
    )
    assert payload["status_code"] == 403
    assert payload["data"] == {"detail": "Invalid token."}
    assert code == 4403


class TokenFirstAuthenticator(DjangoAuthenticator):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


class TokenFirstConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = TokenFirstAuthenticator

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


TOKEN_FIRST_APP = URLRouter([path("ws/token-first/", TokenFirstConsumer.as_asgi())])


async def test_no_credentials_with_token_auth_first_is_401() -> None:
    # DRF: TokenAuthentication has a WWW-Authenticate header, so NotAuthenticated stays 401.
    payload, code = await _refused("/ws/token-first/", TokenFirstConsumer, app=TOKEN_FIRST_APP)
    assert payload == {"status_code": 401, "status_text": "Unauthorized", "data": NOT_PROVIDED}
    assert code == 4401


async def test_token_first_accepts_a_token(token_headers: Headers) -> None:
    communicator = await _open(
        "/ws/token-first/", TokenFirstConsumer, token_headers, TOKEN_FIRST_APP
    )
    await communicator.assert_authenticated_status_ok()
    await communicator.disconnect()


async def test_token_header_authenticates(token_headers: Headers) -> None:
    communicator = await _open("/ws/auth/", AuthenticatedConsumer, token_headers)
    auth = await communicator.wait_for_auth()
    assert isinstance(auth, AuthenticationMessage)
    assert auth.payload.model_dump() == OK
    await communicator.send_message(PingMessage())
    assert await communicator.receive_json() == {"action": "pong", "payload": None}
    await communicator.disconnect()


async def test_authentication_frame_wire_shape(token_headers: Headers) -> None:
    communicator = await _open("/ws/auth/", AuthenticatedConsumer, token_headers)
    assert await communicator.receive_json() == {"action": "authentication", "payload": OK}
    await communicator.disconnect()


async def test_session_cookie_authenticates(session_headers: Headers) -> None:
    communicator = await _open("/ws/auth/", AuthenticatedConsumer, session_headers)
    await communicator.assert_authenticated_status_ok()
    await communicator.send_message(PingMessage())
    assert await communicator.receive_json() == {"action": "pong", "payload": None}
    await communicator.disconnect()


async def test_assert_authenticated_status_ok_raises_on_failure() -> None:
    communicator = await _open("/ws/auth/", AuthenticatedConsumer)
    with pytest.raises(AssertionError, match="403"):
        await communicator.assert_authenticated_status_ok()
    await communicator.assert_closed(4403)
    await close_communicator(communicator)


async def test_refused_connection_ignores_further_frames() -> None:
    communicator = await _open("/ws/auth/", AuthenticatedConsumer)
    await communicator.wait_for_auth()
    await communicator.assert_closed(4403)
    await communicator.send_message(PingMessage())
    await assert_silent(communicator)
    await close_communicator(communicator)


# --------------------------------------------------------------------------- RoomConsumer


async def test_missing_room_is_404(token_headers: Headers) -> None:
    payload, code = await _refused("/ws/rooms/nowhere/", RoomConsumer, token_headers)
    assert payload["status_code"] == 404
    assert payload["status_text"] == "Not Found"
    assert isinstance(payload["data"]["detail"], str)
    assert code == 4404


async def test_private_room_is_403(token_headers: Headers) -> None:
    await Room.objects.acreate(name="secret", is_private=True)
    payload, code = await _refused("/ws/rooms/secret/", RoomConsumer, token_headers)
    assert payload == {
        "status_code": 403,
        "status_text": "Forbidden",
        "data": {"detail": "This room is private"},
    }
    assert code == 4403


async def test_room_requires_authentication_before_lookup() -> None:
    await Room.objects.acreate(name="public", is_private=False)
    payload, code = await _refused("/ws/rooms/nowhere/", RoomConsumer)
    assert (payload["status_code"], payload["data"], code) == (403, NOT_PROVIDED, 4403)


async def test_public_room_joins_its_group(token_headers: Headers) -> None:
    room = await Room.objects.acreate(name="public", is_private=False)
    other = await Room.objects.acreate(name="other", is_private=False)
    communicator = await _open("/ws/rooms/public/", RoomConsumer, token_headers)
    try:
        await communicator.assert_authenticated_status_ok()
        await communicator.send_message(PingMessage())
        assert await communicator.receive_json() == {"action": "pong", "payload": None}

        body = {"action": "room_news", "payload": {"room": room.pk}}
        relay = {"type": "handle_group_message", "exclude_current": False, "from_channel": ""}
        await group_send(f"room_{other.pk}", {**relay, "message": {"action": "wrong"}})
        await assert_silent(communicator)
        await group_send(f"room_{room.pk}", {**relay, "message": body})
        assert await frames(communicator) == [body]
    finally:
        await close_communicator(communicator)


# --------------------------------------------------------------------------- settings


async def test_without_authentication_message_the_close_code_is_kept() -> None:
    with override_chanx_settings(SEND_AUTHENTICATION_MESSAGE=False):
        communicator = await _open("/ws/auth/", AuthenticatedConsumer)
    await communicator.assert_closed(4403)
    await close_communicator(communicator)


async def test_without_authentication_message_success_is_silent(token_headers: Headers) -> None:
    with override_chanx_settings(SEND_AUTHENTICATION_MESSAGE=False):
        communicator = await _open("/ws/auth/", AuthenticatedConsumer, token_headers)
    await assert_silent(communicator)
    await communicator.send_message(PingMessage())
    assert await communicator.receive_json() == {"action": "pong", "payload": None}
    await communicator.disconnect()


async def test_without_authentication_message_missing_room_still_4404(
    token_headers: Headers,
) -> None:
    with override_chanx_settings(SEND_AUTHENTICATION_MESSAGE=False):
        communicator = await _open("/ws/rooms/nowhere/", RoomConsumer, token_headers)
    await communicator.assert_closed(4404)
    await close_communicator(communicator)


# --------------------------------------------------------------------------- DjangoAuthenticator


class Recorder:
    def __init__(self) -> None:
        self.sent: list[BaseMessage] = []

    async def __call__(self, message: BaseMessage) -> None:
        self.sent.append(message)


def _scope(headers: Headers, **kwargs: Any) -> dict[str, Any]:
    return {
        "type": "websocket",
        "path": "/ws/rooms/x/",
        "query_string": b"",
        "headers": headers,
        "url_route": {"args": (), "kwargs": kwargs},
    }


async def test_authenticator_sets_user_and_obj(user: Any, token_headers: Headers) -> None:
    room = await Room.objects.acreate(name="lookup", is_private=False)
    recorder = Recorder()
    authenticator = RoomAuthenticator(recorder)
    assert await authenticator.authenticate(_scope(token_headers, room_name="lookup")) is True
    assert authenticator.user == user
    assert authenticator.obj == room
    assert authenticator.status_code == 200
    assert authenticator.request is not None
    await authenticator.send_authentication_message()
    assert [m.model_dump() for m in recorder.sent] == [{"action": "authentication", "payload": OK}]


async def test_authenticator_without_queryset_has_no_obj(user: Any, token_headers: Headers) -> None:
    authenticator = UserAuthenticator(Recorder())
    assert await authenticator.authenticate(_scope(token_headers)) is True
    assert authenticator.user == user
    assert authenticator.obj is None


async def test_authenticator_failure_records_status(token_headers: Headers) -> None:
    authenticator = RoomAuthenticator(Recorder())
    assert await authenticator.authenticate(_scope(token_headers, room_name="missing")) is False
    assert authenticator.status_code == 404
    assert authenticator.close_code == 4404
    assert authenticator.obj is None


async def test_authenticator_without_credentials(user: Any) -> None:
    authenticator = UserAuthenticator(Recorder())
    assert await authenticator.authenticate(_scope([])) is False
    assert (authenticator.status_code, authenticator.close_code) == (403, 4403)
    assert authenticator.data == NOT_PROVIDED


async def test_authenticator_crash_is_a_500_without_details() -> None:
    from structlog.testing import capture_logs

    from tests.channels.testapp.consumers import BrokenAuthConsumer

    communicator = DjangoWebsocketCommunicator(
        application, "/ws/broken-auth/", consumer=BrokenAuthConsumer
    )
    with capture_logs() as logs:
        await communicator.connect()
        auth = await communicator.wait_for_auth()
        await communicator.assert_closed(4500)
    assert auth.payload.status_code == 500
    assert auth.payload.data == {"detail": "Internal server error"}
    assert "hunter2" not in auth.model_dump_json()
    assert any(entry["event"] == "chanx.auth.failed" for entry in logs)
