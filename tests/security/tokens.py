"""Users and tokens of the security test servers (both integrations).

Tokens are 40 characters (DRF's ``Token.key`` length) and distinctive, so the tests
can assert that none of them ever shows up in a server log.
"""

from __future__ import annotations

ALICE_TOKEN = "alicetokensecret0123456789abcdef01234567"
BOB_TOKEN = "bobtokensecret0123456789abcdef0123456789"
#: Known to nobody: presenting it must fail with ``invalid_credentials``.
WRONG_TOKEN = "wrongtokensecret0123456789abcdef01234567"

#: token -> username
USERS = {ALICE_TOKEN: "alice", BOB_TOKEN: "bob"}
#: Limit of the capped consumers.
CAP = 2
