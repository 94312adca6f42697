"""The base class of generated Python clients.

A generated ``<Channel>Client`` sets the class attributes (path template, incoming
message adapter, reply table) and adds typed ``on``/``request`` overloads; this class
does the work: connection with headers and path parameters, ``ref``-correlated
requests, per-action dispatch, reconnect with backoff, topic resubscription and
clean shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar
from urllib.parse import quote, urlencode

from pydantic import BaseModel, TypeAdapter, ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from chanx.client.backoff import Backoff
from chanx.client.correlation import PendingRequests
from chanx.client.errors import (
    AuthenticationFailed,
    ConnectFailed,
    ConnectionLost,
    NotConnected,
    RequestTimeout,
    ServerError,
)
from chanx.client.handlers import Handler, HandlerTable
from chanx.client.handshake import await_authentication
from chanx.client.logging import get_logger
from chanx.client.options import ClientOptions, HeadersOption
from chanx.client.topic import TopicHandle

__all__ = ["BaseClient", "ClientOptions", "HeadersOption"]

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)
H = TypeVar("H", bound=TopicHandle[Any, Any])

_logger = get_logger()
#: Close codes 4000-4999 are the server's handshake refusals: never retried.
_REFUSED = range(4000, 5000)
#: Topic state frames; without a pending request they come from a route's default topic.
_TOPIC_STATES = frozenset({"subscribed", "unsubscribed"})
#: What a failed connection attempt raises (server down, handshake refused, timeout).
_CONNECT_ERRORS = (OSError, InvalidHandshake, TimeoutError, ConnectionClosed)


class BaseClient(Generic[In, Out]):
    """A websocket client for one chanx channel (subclassed by generated code).

    Use it as an async context manager (or call :meth:`connect` / :meth:`close`)::

        async with SystemClient("ws://127.0.0.1:8000") as client:
            reply = await client.request(EchoMessage(payload=EchoPayload(text="hi")))

    ``headers`` may be a mapping or a (sync or async) callable returning one; it is
    called again for every reconnect, so fresh tokens can be supplied.
    """

    #: Address template of the channel, e.g. ``/ws/rooms/{room_name}``.
    path: ClassVar[str] = "/"
    #: Validates a received frame into the channel's incoming union.
    incoming_adapter: ClassVar[TypeAdapter[Any]] = TypeAdapter(dict[str, Any])
    #: Outgoing action -> actions of its reply (from the AsyncAPI ``reply``).
    reply_actions: ClassVar[Mapping[str, frozenset[str]]] = {}
    #: True when the server sends an ``authentication`` frame after the handshake.
    expects_authentication: ClassVar[bool] = False

    def __init__(
        self,
        base_url: str,
        *,
        path_params: Mapping[str, str] | None = None,
        headers: HeadersOption = None,
        query: Mapping[str, str] | None = None,
        origin: str | None = None,
        reconnect: bool = True,
        backoff: Backoff | None = None,
        request_timeout: float = 30.0,
        open_timeout: float = 10.0,
        max_size: int | None = 16 * 1024 * 1024,
        proxy: str | Literal[True] | None = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.path_params = dict(path_params or {})
        self.headers = headers
        self.query = dict(query or {})
        self.origin = origin
        self.reconnect = reconnect
        self.backoff = backoff or Backoff()
        self.request_timeout = request_timeout
        self.open_timeout = open_timeout
        self.max_size = max_size
        self.proxy: str | Literal[True] | None = proxy
        #: The last ``authentication`` frame (raw dict) when the channel sends one.
        self.authentication: dict[str, Any] | None = None
        self.handlers: HandlerTable[In] = HandlerTable()
        self._ws: ClientConnection | None = None
        self._run_task: asyncio.Task[None] | None = None
        #: Frames for handlers, delivered in order by one task so that a handler may
        #: itself await ``request()`` while the reader keeps reading its answer.
        self._frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._dispatch_task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._lost = asyncio.Event()
        self._closing = False
        self._pending = PendingRequests()
        self._topics: dict[str, TopicHandle[Any, Any]] = {}
        self._fatal: BaseException | None = None

    # ------------------------------------------------------------------ url & headers
    @property
    def url(self) -> str:
        """The websocket URL: base URL + the path with parameters + query string."""
        quoted = {key: quote(str(value), safe="") for key, value in self.path_params.items()}
        url = self.base_url + self.path.format(**quoted)
        return f"{url}?{urlencode(self.query)}" if self.query else url

    async def get_headers(self) -> dict[str, str]:
        """Handshake headers for the next connection (override for dynamic tokens)."""
        headers = self.headers
        if headers is None:
            return {}
        if callable(headers):
            result = headers()
            if isinstance(result, Awaitable):
                result = await result
            return dict(result)
        return dict(headers)

    # ------------------------------------------------------------------ lifecycle
    @property
    def connected(self) -> bool:
        """True while a connection is open (and authenticated, if required)."""
        return self._ready.is_set()

    async def connect(self) -> None:
        """Open the connection and start reading.

        The first attempt is not retried: it raises :class:`AuthenticationFailed` or
        :class:`ConnectFailed`. Later connection losses reconnect with backoff.
        """
        if self._run_task is not None:
            raise RuntimeError("the client is already connected")
        self._closing = False
        self._fatal = None
        try:
            ws = await self._open()
        except _CONNECT_ERRORS as exc:
            raise ConnectFailed(f"cannot connect to {self.url}: {exc}") from exc
        self._run_task = asyncio.create_task(self._run(ws), name=f"chanx-client {self.url}")
        self._dispatch_task = asyncio.create_task(self._dispatch_loop(), name="chanx-dispatch")

    async def close(self) -> None:
        """Close the connection (code 1000), stop reconnecting, fail pending requests."""
        self._closing = True
        task, self._run_task = self._run_task, None
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        for running in (task, self._dispatch_task):
            if running is not None:
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
        self._dispatch_task = None
        self._pending.fail_all(ConnectionLost(1000, "client closed"))

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def wait_connected(self, timeout: float | None = None) -> None:
        """Wait until a connection is open (e.g. after a reconnect)."""
        await self._wait(self._ready, timeout)

    async def wait_disconnected(self, timeout: float | None = None) -> None:
        """Wait until the current connection is lost."""
        await self._wait(self._lost, timeout)

    async def _wait(self, event: asyncio.Event, timeout: float | None) -> None:
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            raise RequestTimeout(f"connection state did not change within {timeout}s") from None
        if self._fatal is not None:
            raise self._fatal

    async def on_connected(self) -> None:
        """Hook: called after every successful (re)connection, before topics resubscribe."""

    async def on_disconnected(self, code: int | None, reason: str) -> None:
        """Hook: called when a connection closes."""

    async def _open(self) -> ClientConnection:
        try:
            ws = await connect(
                self.url,
                additional_headers=await self.get_headers(),
                origin=self.origin,  # type: ignore[arg-type]
                open_timeout=self.open_timeout,
                max_size=self.max_size,
                proxy=self.proxy,
            )
        except InvalidStatus as exc:
            status = exc.response.status_code
            if status in (401, 403):
                raise AuthenticationFailed(status, None) from exc
            raise
        if self.expects_authentication:
            self.authentication = await await_authentication(ws, self.open_timeout)
        self._ws = ws
        self.backoff.reset()
        self._lost.clear()
        self._ready.set()
        _logger.debug("chanx.client.connected", url=self.url)
        return ws

    async def _run(self, ws: ClientConnection) -> None:
        """Read frames; on a lost connection reconnect with backoff until closed."""
        while True:
            resubscribe = asyncio.create_task(self._after_connect())
            code, reason = await self._read(ws)
            resubscribe.cancel()
            self._ws = None
            self._ready.clear()
            self._lost.set()
            for handle in self._topics.values():
                handle.subscribed = False
            self._pending.fail_all(ConnectionLost(code, reason))
            _logger.debug("chanx.client.disconnected", url=self.url, code=code)
            await self.on_disconnected(code, reason)
            if self._closing or not self.reconnect:
                return
            if code in _REFUSED:
                self._fatal = AuthenticationFailed(code - 4000 if code else None, code)
                self._ready.set()
                return
            opened = await self._reconnect()
            if opened is None:
                return
            ws = opened

    async def _reconnect(self) -> ClientConnection | None:
        while not self._closing:
            delay = self.backoff.next_delay()
            _logger.debug("chanx.client.reconnect_scheduled", url=self.url, delay=delay)
            await asyncio.sleep(delay)
            try:
                return await self._open()
            except AuthenticationFailed as exc:
                self._fatal = exc
                self._ready.set()
                return None
            except _CONNECT_ERRORS as exc:
                _logger.debug("chanx.client.connect_failed", url=self.url, error=repr(exc))
        return None

    async def _after_connect(self) -> None:
        await self.on_connected()
        for handle in list(self._topics.values()):
            if handle.wanted:
                try:
                    await handle.subscribe()
                except Exception as exc:
                    _logger.warning(
                        "chanx.client.resubscribe_failed", topic=handle.name, error=repr(exc)
                    )

    async def _read(self, ws: ClientConnection) -> tuple[int | None, str]:
        try:
            async for raw in ws:
                await self._on_frame(raw)
        except ConnectionClosed:
            pass
        return ws.close_code, ws.close_reason or ""

    # ------------------------------------------------------------------ receiving
    async def _on_frame(self, raw: str | bytes) -> None:
        try:
            frame = json.loads(raw)
        except ValueError:
            _logger.warning("chanx.client.frame_invalid", reason="not json")
            return
        if not isinstance(frame, dict):
            _logger.warning("chanx.client.frame_invalid", reason="not an object")
            return
        data: dict[str, Any] = frame  # pyright: ignore[reportUnknownVariableType]
        if self._pending.resolve(data):
            return
        topic = data.get("topic")
        handle = self._topics.get(topic) if isinstance(topic, str) else None
        if data.get("action") in _TOPIC_STATES and isinstance(topic, str):
            # Unrequested (a route's default topic, subscribed on connect): track it.
            if handle is not None:
                handle.subscribed = data.get("action") == "subscribed"
            return
        self._frames.put_nowait(data)

    async def _dispatch_loop(self) -> None:
        while True:
            frame = await self._frames.get()
            try:
                await self._deliver(frame)
            except Exception:
                _logger.exception("chanx.client.handler_failed", action=frame.get("action"))

    async def _deliver(self, frame: dict[str, Any]) -> None:
        topic = frame.get("topic")
        handle = self._topics.get(topic) if isinstance(topic, str) else None
        if handle is not None:
            await handle.dispatch(frame)
            return
        message = self.parse(frame)
        if message is not None:
            await self.handle_message(message)

    def parse(self, frame: Mapping[str, Any]) -> In | None:
        """Validate a frame into the incoming union (None, and logged, when it matches nothing)."""
        try:
            message: In = self.incoming_adapter.validate_python(frame)
        except ValidationError as exc:
            _logger.warning(
                "chanx.client.frame_invalid", action=frame.get("action"), errors=exc.error_count()
            )
            return None
        return message

    async def handle_message(self, message: In) -> None:
        """Dispatch a received message to the handlers of its action (override freely).

        Messages without a handler are queued; read them with :meth:`receive`.
        """
        await self.handlers.dispatch(str(getattr(message, "action", "")), message)

    def add_handler(self, action: str, handler: Handler[Any]) -> Callable[[], None]:
        """Register ``handler`` for ``action`` (generated ``on`` overloads are typed)."""
        return self.handlers.add(action, handler)

    async def receive(self, timeout: float | None = None) -> In:
        """The next received message that no handler took."""
        return await self.handlers.receive(timeout)

    # ------------------------------------------------------------------ sending
    def next_ref(self) -> str:
        """A fresh correlation id, unique for this client."""
        return self._pending.next_ref()

    async def send_message(
        self, message: Out, *, ref: str | None = None, topic: str | None = None
    ) -> None:
        """Send ``message`` (with optional ``ref``/``topic`` envelope keys)."""
        frame = message.model_dump(mode="json", by_alias=True)
        await self.send_frame(frame, ref=ref, topic=topic)

    async def send_frame(
        self, frame: Mapping[str, Any], *, ref: str | None = None, topic: str | None = None
    ) -> None:
        """Send a raw JSON frame (escape hatch for actions the schema does not list)."""
        ws = self._ws
        if ws is None:
            raise NotConnected(f"not connected to {self.url}")
        data = dict(frame)
        if ref is not None:
            data["ref"] = ref
        else:
            data.pop("ref", None)
        if topic is not None:
            data["topic"] = topic
        try:
            await ws.send(json.dumps(data))
        except ConnectionClosed as exc:
            raise NotConnected(f"connection to {self.url} closed") from exc

    async def request_frame(
        self,
        frame: Mapping[str, Any],
        *,
        accept: frozenset[str] | None = None,
        topic: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send ``frame`` with a fresh ``ref``; the first answer carrying it (raw).

        ``accept`` limits which actions count as the answer (``error`` always does).
        Raises :class:`ServerError` for an error frame, :class:`RequestTimeout`,
        :class:`ConnectionLost`.
        """
        ref = self.next_ref()
        future = self._pending.add(ref, accept)
        limit = self.request_timeout if timeout is None else timeout
        try:
            await self.send_frame(frame, ref=ref, topic=topic)
            async with asyncio.timeout(limit):
                answer = await future
        except TimeoutError:
            raise RequestTimeout(f"no answer to {frame.get('action')!r} within {limit}s") from None
        finally:
            self._pending.discard(ref)
        if answer.get("action") == "error":
            raise ServerError(answer)
        return answer

    async def request(self, message: Out, *, timeout: float | None = None) -> In:
        """Send ``message`` and return its correlated reply (errors raise)."""
        action = str(getattr(message, "action", ""))
        answer = await self.request_frame(
            message.model_dump(mode="json", by_alias=True),
            accept=self.reply_actions.get(action),
            timeout=timeout,
        )
        parsed: In = self.incoming_adapter.validate_python(answer)
        return parsed

    # ------------------------------------------------------------------ topics
    def topic(self, name: str) -> TopicHandle[Any, Any]:
        """The handle of topic ``name`` (one per name; subscribe with ``await h.subscribe()``)."""
        return self.register_topic(TopicHandle(self, name))

    def register_topic(self, handle: H) -> H:
        """Keep ``handle`` and return it; an existing handle of the same name and class wins."""
        existing = self._topics.get(handle.name)
        if isinstance(existing, type(handle)):
            return existing
        self._topics[handle.name] = handle
        return handle
