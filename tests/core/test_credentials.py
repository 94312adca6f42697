"""``chanx.core.credentials`` and the credential parts of ``BaseAuthenticator``."""

from __future__ import annotations

from typing import Any

import pytest

from chanx.core.authenticator import BaseAuthenticator, Credential, describe_sources
from chanx.core.credentials import SUBPROTOCOL_MARKER, CredentialSources, FoundCredential

SECRET = "s3cret-token"
ALL = CredentialSources(cookie="tok", query="token")


def scope(
    headers: dict[str, str] | None = None, subprotocols: list[str] | None = None, query: str = ""
) -> dict[str, Any]:
    return {
        "type": "websocket",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "subprotocols": subprotocols or [],
        "query_string": query.encode(),
    }


@pytest.mark.parametrize(
    ("request_scope", "expected"),
    [
        (scope({"Authorization": f"Bearer {SECRET}"}), ("header", "authorization")),
        (scope({"Authorization": f"Token  {SECRET} "}), ("header", "authorization")),
        (
            scope(subprotocols=["other", SUBPROTOCOL_MARKER, SECRET]),
            ("subprotocol", "chanx.bearer"),
        ),
        (scope({"Cookie": f"a=1; tok={SECRET}"}), ("cookie", "tok")),
        (scope(query=f"x=1&token={SECRET}"), ("query", "token")),
    ],
)
def test_each_source(request_scope: dict[str, Any], expected: tuple[str, str]) -> None:
    found = ALL.find(request_scope)
    assert found is not None
    assert (found.source, found.name, found.value) == (*expected, SECRET)
    assert SECRET not in repr(found)


@pytest.mark.parametrize(
    "request_scope",
    [
        scope(),
        scope({"Authorization": "Bearer "}),
        scope({"Authorization": SECRET}),  # no scheme
        scope(subprotocols=[SUBPROTOCOL_MARKER]),  # marker without a token
        scope(subprotocols=[SECRET, SUBPROTOCOL_MARKER]),  # token before the marker
        scope({"Cookie": "other=1"}),
        scope({"Cookie": 'tok="unterminated'}),
        scope(query="token="),
    ],
)
def test_absent_or_malformed_is_none(request_scope: dict[str, Any]) -> None:
    assert ALL.find(request_scope) is None


def test_order_and_disabled_sources() -> None:
    both = scope({"Authorization": "Bearer from-header"}, [SUBPROTOCOL_MARKER, "from-sub"])
    found = ALL.find(both)
    assert found is not None
    assert found.source == "header"
    # Query and cookie are off by default.
    default = CredentialSources()
    assert default.find(scope({"Cookie": f"tok={SECRET}"}, query=f"token={SECRET}")) is None
    assert default.chosen_subprotocol(scope(subprotocols=[SUBPROTOCOL_MARKER, SECRET])) == (
        SUBPROTOCOL_MARKER
    )
    assert default.chosen_subprotocol(scope(subprotocols=["graphql-ws"])) is None
    off = CredentialSources(subprotocol=None)
    assert off.chosen_subprotocol(scope(subprotocols=[SUBPROTOCOL_MARKER, SECRET])) is None


def test_credentials_metadata_follows_the_sources() -> None:
    class Auth(BaseAuthenticator):
        credential_sources = CredentialSources(cookie="tok", query="token")

    assert [(c.name, c.location) for c in Auth.credentials] == [
        ("Authorization", "header"),
        ("Sec-WebSocket-Protocol", "header"),
        ("tok", "cookie"),
        ("token", "query"),
    ]
    assert describe_sources(CredentialSources(header=None)) == (Auth.credentials[1],)

    class Explicit(BaseAuthenticator):
        credential_sources = CredentialSources()
        credentials = (Credential("X-Key", "header"),)

    assert Explicit.credentials == (Credential("X-Key", "header"),)
    assert BaseAuthenticator.credentials == ()


@pytest.mark.parametrize(
    ("status", "credential", "reason"),
    [
        (401, None, "missing_credentials"),
        (401, FoundCredential("header", "authorization", SECRET), "invalid_credentials"),
        (403, None, "not_permitted"),
        (404, None, "not_found"),
        (500, None, "error"),
        (418, None, "denied"),
    ],
)
def test_failure_reason(status: int, credential: FoundCredential | None, reason: str) -> None:
    async def send(message: Any) -> None: ...

    authenticator = BaseAuthenticator(send)
    authenticator.credential = credential
    authenticator.deny(status, "no")
    assert authenticator.failure_reason == reason
    authenticator.deny(status, "no", reason="custom")
    assert authenticator.failure_reason == "custom"
