"""Run daphne so that chanx's protocol close codes reach the client.

RFC 6455 lets a server close with 1008 (policy violation), 1009 (message too big) or
1011 (internal error), and chanx uses them (``message_too_large`` closes with 1009).
Daphne hands application close codes to autobahn's ``sendClose``, which only accepts
1000 and 3000-4999, so daphne turns a 1009 from the application into an internal
error (1011). :func:`allow_protocol_close_codes` makes daphne send those RFC codes
as they are; ``python -m chanx.channels.daphne`` is the daphne command line with the
patch applied (the sandbox runs it). Plain daphne still works: the client gets the
error frame, then close code 1011.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SERVER_CLOSE_CODES", "allow_protocol_close_codes", "main"]

#: RFC 6455 / IANA codes a server endpoint may send besides 1000.
SERVER_CLOSE_CODES = frozenset({1001, 1002, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014})

_PATCHED = "_chanx_close_codes_patched"


def allow_protocol_close_codes() -> None:
    """Let daphne forward :data:`SERVER_CLOSE_CODES` from the application (idempotent)."""
    from daphne.ws_protocol import WebSocketProtocol

    if getattr(WebSocketProtocol, _PATCHED, False):
        return
    original = WebSocketProtocol.serverClose

    def server_close(self: Any, code: int | None = None) -> None:
        if code in SERVER_CLOSE_CODES:
            self.sendCloseFrame(code=code, isReply=False)
        else:
            original(self, code=code)

    WebSocketProtocol.serverClose = server_close
    setattr(WebSocketProtocol, _PATCHED, True)


def main() -> None:
    """``python -m chanx.channels.daphne ...``: daphne's CLI with the close-code patch."""
    from daphne.cli import CommandLineInterface

    allow_protocol_close_codes()
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
