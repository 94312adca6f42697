"""Hostile input against a live consumer (issue 6, item 4).

Hypothesis throws random frames at ``CompletionConsumer`` (``/ws/completion/``) served by
a real uvicorn (FastAPI) or daphne (Django) process over a real WebSocket: binary
frames, malformed JSON, random JSON shapes, deep nesting, huge numbers, unicode edge
cases, valid actions with wrong payloads, envelope abuse (``ref``/``topic``/``version``
of the wrong type or size, duplicate and extra keys) and valid frames mixed in.

Oracle, per frame (``send_completion`` makes it exact: every client frame ends with one
``complete`` frame, also after errors):

* every reply is a JSON object whose ``action`` is one the consumer may send;
* error payloads are either pydantic-style ``[{type, loc, msg}]`` lists (no ``input``,
  ``ctx`` or ``url``) or ``{detail, code}`` with a documented code;
* frames with a known outcome (valid echo/ping, envelope abuse, nesting depth, binary)
  get exactly that outcome, with the client's ``ref`` echoed when it was valid;
* nothing sent to the client contains a traceback, exception text, exception class
  names or the Django ``SECRET_KEY``;
* the connection stays open (every frame is below ``max_message_size``).

After the run the server process is alive, a bystander connection opened before the
run still answers ``ping`` and the server log has no unhandled-exception lines.
The oversized-frame case (close 1009) is tested separately, once.

Examples: 100 per integration locally, 500 per integration with ``CI`` set
(derandomized, so CI runs are reproducible); ``HOSTILE_EXAMPLES`` overrides both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.behaviour.consumers import SECRET_IN_EXCEPTION
from tests.django_settings import SECRET_KEY
from tests.support.asgi_server import AsgiServer

CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "500" if CI else "100"))
PATH = "/ws/completion/"
REPLY_TIMEOUT = 10.0
#: No client keepalive pings: websockets draws their payload from the global ``random``
#: in a background thread, which Hypothesis reports as a strategy using ``random``.
#: (The server's own keepalive pings are answered without it.)
NO_KEEPALIVE: dict[str, Any] = {"ping_interval": None}
MAX_JSON_DEPTH = 32  # chanx default
MAX_REF_LENGTH = 256
MIB = 1024 * 1024

#: Actions the behaviour consumers may send to a client.
REPLY_ACTIONS = {
    "error",
    "complete",
    "group_complete",
    "pong",
    "echo_reply",
    "group_ack",
    "shouted",
    "you_are",
    "camel_reply",
    "slept",
}
#: ``code`` values of ``{detail, code}`` error payloads: chanx's own plus the test
#: consumer's domain error (``WsError("room_not_found", ...)``).
ERROR_CODES = {
    "handler_error",
    "message_too_large",
    "rate_limited",
    "permission_denied",
    "room_not_found",
}
#: Client actions whose handlers are cheap and have no lasting side effect beyond the
#: connection (``sleep`` is left out: a valid random payload could sleep for ages).
CLIENT_ACTIONS = [
    "ping",
    "echo",
    "fail",
    "domain_error",
    "two_replies",
    "silent",
    "join",
    "leave",
    "whoami",
    "camel_case",
    "shout",
    "nope",
    "",
    "ECHO",
]
#: Must never reach a client (unless the client sent it itself).
LEAK_MARKERS = [
    "Traceback",
    'File "',
    SECRET_IN_EXCEPTION,
    "hunter2",
    SECRET_KEY,
    "RuntimeError",
    "TypeError",
    "ValueError",
    "KeyError",
    "AttributeError",
    "ValidationError",
    "AppRegistryNotReady",
    "site-packages",
    "/work/",
    "chanx.",
]
UNHANDLED_LOG_MARKERS = ["Exception inside application", "Exception in ASGI application"]


# ----------------------------------------------------------------------------- frames
@dataclass
class Frame:
    """One hostile frame and what the server must answer (``None``: any valid answer)."""

    kind: str
    data: str | bytes
    #: Exact expected non-completion replies as (action, payload) pairs, or ``None``.
    expect: list[tuple[str, Any]] | None = None
    #: For error-only expectations: the pydantic error ``type`` of the single error.
    expect_error_type: str | None = None
    #: ``ref`` every reply must carry (``None``: no ``ref`` expected).
    ref: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=15,
)

#: Strings that often break naive code: NUL, RTL/LTR overrides, BOM, ZWJ emoji,
#: non-characters, astral plane, combining marks, newline variants, JSON-ish text.
UNICODE_EDGES = [
    "",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\ufeff",
    "\ufffe\uffff",
    "\U0010ffff",
    "\U0001f469\u200d\U0001f4bb",
    "e\u0301\u0301\u0301",
    "\u2028\u2029",
    "\r\n\t",
    '"}]',
    "\\u0000",
    "ß" * 1000,
    "\U0001f600" * 2000,
]
unicode_text = st.sampled_from(UNICODE_EDGES) | st.text(
    st.characters(exclude_categories=("Cs",)), max_size=64
)

#: JSON number literals at and beyond the edges of float/int ranges.
NUMBER_LITERALS = [
    "1e308",
    "-1e308",
    "1e309",
    "-0",
    "-0.0",
    "1e-400",
    "5e-324",
    "9007199254740993",
    "-9223372036854775809",
    "18446744073709551616",
    "1" + "0" * 100,
    "9" * 4000,
    "9" * 5000,
    "0.1e99999",
    "123.456e-789",
]


def _dumps(value: Any, ascii_only: bool = True) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


@st.composite
def binary_frames(draw: st.DrawFn) -> Frame:
    data = draw(st.binary(max_size=256) | st.text(max_size=64).map(str.encode))
    return Frame("binary", data, expect_error_type="json_invalid")


@st.composite
def garbage_text_frames(draw: st.DrawFn) -> Frame:
    """Random text, or a valid frame truncated/corrupted: always an error."""
    choice = draw(st.integers(0, 2))
    if choice == 0:
        text = draw(st.text(max_size=200))
        try:
            value = json.loads(text)
        except ValueError:
            return Frame("garbage", text, expect_error_type="json_invalid")
        # Random text that happens to be JSON: a non-object is still json_invalid.
        return Frame(
            "garbage", text, expect_error_type=None if type(value) is dict else "json_invalid"
        )
    valid = _dumps({"action": "echo", "payload": {"message": draw(st.text(max_size=20))}})
    if choice == 1:
        cut = draw(st.integers(0, len(valid) - 1))
        return Frame("truncated", valid[:cut], expect_error_type="json_invalid")
    at = draw(st.integers(0, len(valid)))
    junk = draw(st.sampled_from(["{", "}", "[", ",", ":", '"', "\\", "\x00", "NaN", "'", "//"]))
    return Frame("corrupted", valid[:at] + junk + valid[at:])


@st.composite
def random_json_frames(draw: st.DrawFn) -> Frame:
    value = draw(json_values)
    text = _dumps(value, draw(st.booleans()))
    if type(value) is not dict:
        return Frame("json-shape", text, expect_error_type="json_invalid")
    return Frame("json-shape", text)


@st.composite
def deep_frames(draw: st.DrawFn) -> Frame:
    """A valid echo frame with an ignored extra key nested ``n`` levels deep."""
    n = draw(st.integers(1, 50))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"k":', "}")]))
    inner = draw(st.sampled_from(["1", '"x"', "null", "[]", "{}"]))
    nested = opener * n + inner + closer * n
    if inner in ("[]", "{}"):
        n += 1
    text = '{"action":"echo","payload":{"message":"deep","extra":' + nested + "}}"
    depth = 2 + n
    if depth > MAX_JSON_DEPTH:
        return Frame("deep", text, expect_error_type="json_invalid", notes={"depth": depth})
    return Frame("deep", text, expect=[("echo_reply", {"message": "deep"})], notes={"depth": depth})


@st.composite
def number_frames(draw: st.DrawFn) -> Frame:
    literal = draw(st.sampled_from(NUMBER_LITERALS))
    where = draw(st.sampled_from(["extra", "message", "version", "ref", "top"]))
    if where == "top":
        return Frame("number", literal, expect_error_type="json_invalid")
    if where == "extra":
        text = '{"action":"echo","payload":{"message":"n"},"n":' + literal + "}"
    elif where == "message":
        text = '{"action":"echo","payload":{"message":' + literal + "}}"
    else:
        text = '{"action":"echo","payload":{"message":"n"},"' + where + '":' + literal + "}"
    return Frame("number", text)


@st.composite
def unicode_frames(draw: st.DrawFn) -> Frame:
    message = draw(unicode_text)
    if draw(st.integers(0, 4)) == 0:
        # Lone / reversed surrogate escapes (legal JSON text, not valid Unicode).
        escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d"]))
        text = '{"action":"echo","payload":{"message":"a' + escape + 'b"}}'
        return Frame("surrogate", text)
    text = _dumps({"action": "echo", "payload": {"message": message}}, draw(st.booleans()))
    return Frame("unicode", text, expect=[("echo_reply", {"message": message})])


@st.composite
def wrong_payload_frames(draw: st.DrawFn) -> Frame:
    action = draw(st.sampled_from(CLIENT_ACTIONS))
    frame: dict[str, Any] = {"action": action}
    if draw(st.booleans()):
        frame["payload"] = draw(json_values)
    if action == "shout" and isinstance(frame.get("payload"), dict):
        # A valid shout broadcasts to the lobby; its relay is not bound to this frame.
        frame["payload"]["message"] = 0
    return Frame("wrong-payload", _dumps(frame, draw(st.booleans())))


def _envelope_ok(ref: Any, topic: Any, version: Any) -> bool:
    return (
        (ref is None or (type(ref) is str and len(ref) <= MAX_REF_LENGTH))
        and (topic is None or type(topic) is str)
        and (version is None or type(version) is int)
    )


envelope_values = (
    json_values
    | st.text(min_size=MAX_REF_LENGTH - 2, max_size=MAX_REF_LENGTH + 2)
    | st.text(max_size=4000)
    | st.integers(min_value=-(2**70), max_value=2**70)
)


@st.composite
def envelope_frames(draw: st.DrawFn) -> Frame:
    """A valid echo with ``ref``/``topic``/``version`` of any type, dupes and extras."""
    message = draw(st.text(max_size=20))
    keys: dict[str, Any] = {}
    for key in ("ref", "topic", "version"):
        if draw(st.booleans()):
            keys[key] = draw(envelope_values)
    extras = draw(
        st.dictionaries(
            st.sampled_from(["extra", "Ref", "REF", "meta", "__proto__"]), json_values, max_size=2
        )
    )
    body = ['"action":"echo"', '"payload":' + _dumps({"message": message})]
    body += [_dumps(k) + ":" + _dumps(v) for k, v in extras.items()]
    body = [body[i] for i in draw(st.permutations(range(len(body))))]
    envelope = []
    for key, value in keys.items():
        if draw(st.booleans()):  # duplicate key: a junk value first, the real one last
            envelope.append(_dumps(key) + ":" + _dumps(draw(json_values)))
        envelope.append(_dumps(key) + ":" + _dumps(value))
    text = "{" + ",".join(body + envelope) + "}"
    ref, topic, version = keys.get("ref"), keys.get("topic"), keys.get("version")
    if _envelope_ok(ref, topic, version):
        return Frame("envelope", text, expect=[("echo_reply", {"message": message})], ref=ref)
    # ``ref`` is read first: a valid one is echoed even when topic/version are bad.
    ref_ok = type(ref) is str and len(ref) <= MAX_REF_LENGTH
    return Frame(
        "envelope", text, expect_error_type="envelope_invalid", ref=ref if ref_ok else None
    )


@st.composite
def valid_frames(draw: st.DrawFn) -> Frame:
    ref = draw(st.none() | st.text(max_size=40))
    if draw(st.booleans()):
        frame: dict[str, Any] = {"action": "ping"}
        expect = [("pong", None)]
    else:
        message = draw(st.text(max_size=100))
        frame = {"action": "echo", "payload": {"message": message}}
        expect = [("echo_reply", {"message": message})]
    if ref is not None:
        frame["ref"] = ref
    return Frame("valid", _dumps(frame, draw(st.booleans())), expect=expect, ref=ref)


hostile_frames = st.one_of(
    binary_frames(),
    garbage_text_frames(),
    random_json_frames(),
    deep_frames(),
    number_frames(),
    unicode_frames(),
    wrong_payload_frames(),
    envelope_frames(),
    valid_frames(),
)


# ----------------------------------------------------------------------------- oracle
def check_error_payload(payload: Any) -> None:
    if isinstance(payload, list):
        assert payload, "empty error list"
        for error in payload:
            assert isinstance(error, dict), error
            assert set(error) == {"type", "loc", "msg"}, error
            assert isinstance(error["type"], str)
            assert isinstance(error["msg"], str)
            assert isinstance(error["loc"], list)
    else:
        assert isinstance(payload, dict), payload
        assert set(payload) == {"detail", "code"}, payload
        assert payload["code"] in ERROR_CODES, payload
        assert isinstance(payload["detail"], str)


def check_no_leak(raw: str, sent: str | bytes) -> None:
    sent_text = sent if isinstance(sent, str) else sent.decode("utf-8", "replace")
    for marker in LEAK_MARKERS:
        if marker in raw and marker not in sent_text and marker not in json.dumps(sent_text):
            raise AssertionError(f"{marker!r} leaked to the client: {raw[:300]!r}")


def check_replies(frame: Frame, replies: list[str]) -> None:
    decoded = []
    for raw in replies:
        assert isinstance(raw, str), f"binary reply {raw!r}"
        check_no_leak(raw, frame.data)
        message = json.loads(raw)
        assert isinstance(message, dict), raw
        assert message.get("action") in REPLY_ACTIONS, raw
        if message["action"] == "error":
            check_error_payload(message.get("payload"))
        decoded.append(message)
    *body, last = decoded
    assert last["action"] == "complete"
    assert all(m["action"] != "complete" for m in body), decoded
    assert len(body) <= 2, decoded
    for message in decoded:
        if frame.ref is not None:
            assert message.get("ref") == frame.ref, message
            assert message.get("version") == 1, message
        elif frame.expect is not None or frame.expect_error_type is not None:
            assert "ref" not in message, message
    if frame.expect is not None:
        got = [(m["action"], m.get("payload")) for m in body]
        assert got == frame.expect, (frame.kind, got, frame.expect)
    if frame.expect_error_type is not None:
        assert len(body) == 1, decoded
        assert body[0]["action"] == "error", decoded
        errors = body[0]["payload"]
        assert isinstance(errors, list), errors
        assert [e["type"] for e in errors] == [frame.expect_error_type], errors
    if any(m["action"] == "error" for m in body):
        assert len(body) == 1, decoded  # an error is the only reply to its frame


class Client:
    """One persistent connection that reconnects (and reports) if the server closes it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.reconnects = 0
        self.ws: ClientConnection = self._connect()

    def _connect(self) -> ClientConnection:
        ws = connect(self.url, max_size=None, open_timeout=10, close_timeout=2, **NO_KEEPALIVE)
        return ws.__enter__()  # websockets 17 warns about connections used outside `with`

    def exchange(self, data: str | bytes) -> list[str]:
        try:
            self.ws.send(data)
            replies: list[str] = []
            while True:
                raw = self.ws.recv(timeout=REPLY_TIMEOUT)
                replies.append(raw)  # type: ignore[arg-type]
                if isinstance(raw, str) and raw.endswith('"action":"complete","payload":null}'):
                    return replies
        except ConnectionClosed as exc:
            self.reconnects += 1
            self.ws = self._connect()
            raise AssertionError(f"server closed the connection: {exc}") from exc
        except TimeoutError as exc:
            self.reconnects += 1
            self.ws.close()
            self.ws = self._connect()
            raise AssertionError("no complete frame within the timeout") from exc

    def close(self) -> None:
        self.ws.close()


def ping(ws: ClientConnection) -> None:
    ws.send('{"action":"ping","ref":"bystander"}')
    while True:
        reply = json.loads(ws.recv(timeout=REPLY_TIMEOUT))
        if reply.get("ref") == "bystander" and reply["action"] == "pong":
            return
        # Lobby broadcasts and completion frames are fine; errors are not.
        assert reply["action"] in {"shouted", "group_complete", "complete"}, reply


def assert_server_healthy(server: AsgiServer) -> None:
    assert server.running, f"server died:\n{server.logs()[-3000:]}"
    logs = server.logs()
    for marker in UNHANDLED_LOG_MARKERS:
        assert marker not in logs, f"unhandled exception in the server log:\n{logs[-3000:]}"


@pytest.fixture
def bystander(hostile_server: AsgiServer) -> Iterator[ClientConnection]:
    with connect(f"{hostile_server.ws_url}/ws/behaviour/", open_timeout=10, **NO_KEEPALIVE) as ws:
        ping(ws)
        yield ws


# ----------------------------------------------------------------------------- tests
def test_hostile_frames_never_break_the_server(
    hostile_server: AsgiServer, bystander: ClientConnection
) -> None:
    client = Client(f"{hostile_server.ws_url}{PATH}")
    counts: dict[str, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=CI,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(frame=hostile_frames)
    def run(frame: Frame) -> None:
        counts[frame.kind] = counts.get(frame.kind, 0) + 1
        check_replies(frame, client.exchange(frame.data))

    try:
        run()
    finally:
        client.close()
    print(f"\n{hostile_server.kind}: {sum(counts.values())} frames {sorted(counts.items())}")
    assert client.reconnects == 0
    assert_server_healthy(hostile_server)
    ping(bystander)


def test_oversized_frame_closes_only_its_connection(
    hostile_server: AsgiServer, bystander: ClientConnection
) -> None:
    url = f"{hostile_server.ws_url}{PATH}"
    with connect(url, max_size=None, **NO_KEEPALIVE) as ws:
        head, tail = '{"action":"echo","payload":{"message":"', '"}}'
        exact = head + "x" * (MIB - len(head) - len(tail)) + tail  # at the limit: accepted
        assert len(exact.encode()) == MIB
        ws.send(exact)
        reply = json.loads(ws.recv(timeout=REPLY_TIMEOUT))
        assert reply["action"] == "echo_reply"
        assert json.loads(ws.recv(timeout=REPLY_TIMEOUT))["action"] == "complete"
        ws.send(exact + " ")
        error = json.loads(ws.recv(timeout=REPLY_TIMEOUT))
        assert error == {
            "action": "error",
            "payload": {"detail": error["payload"]["detail"], "code": "message_too_large"},
        }
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=REPLY_TIMEOUT)
        assert ws.close_code == 1009
    assert_server_healthy(hostile_server)
    ping(bystander)
