"""Frames without envelope keys take a lighter validation path; results must not differ.

Frames whose text shows no ``"ref"``/``"topic"``/``"version"`` key (and no escapes)
are validated by the message union alone; the rest, and every invalid frame, go
through the envelope-capturing wrap validator.
"""

from __future__ import annotations

import pytest

from tests.behaviour.conftest import Connect
from tests.behaviour.harness import frames, send_raw

BEHAVIOUR = "/ws/behaviour/"


async def test_an_escaped_ref_key_is_still_echoed(connect: Connect) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, '{"\\u0072ef": "hidden", "action": "ping"}')
    assert await frames(communicator) == [
        {"ref": "hidden", "version": 1, "action": "pong", "payload": None}
    ]


@pytest.mark.parametrize(
    ("frame", "error_type"),
    [
        ('["ping"]', "json_invalid"),
        ('"ping"', "json_invalid"),
        ('{"action": "ping"', "json_invalid"),
        ('{"action": "nope"}', "union_tag_invalid"),
        ('{"payload": {}}', "union_tag_not_found"),
    ],
)
async def test_invalid_frames_without_envelope_get_the_full_path_errors(
    connect: Connect, frame: str, error_type: str
) -> None:
    communicator = await connect(BEHAVIOUR, "behaviour")
    await send_raw(communicator, frame)
    [reply] = await frames(communicator)
    assert reply["action"] == "error"
    assert [e["type"] for e in reply["payload"]] == [error_type]
    assert "ref" not in reply
