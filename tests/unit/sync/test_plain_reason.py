"""Why a hub connection failed, as the person reads it: no Python class names or reprs."""

from __future__ import annotations

import errno

import nats.errors
import pytest

from app.sync.hub_login import plain_reason
from app.sync.joining import InviteCodeInvalid, parse_code


def test_a_timeout_a_refused_connection_and_a_nats_error_in_words() -> None:
    assert plain_reason(TimeoutError("no hub answered within 10.0s")) == (
        "no hub answered within 10.0s"
    )
    assert plain_reason(TimeoutError()) == "no answer in time"
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    assert plain_reason(refused) == "connection refused"
    assert plain_reason(nats.errors.NoServersError()) == "no servers available for connection"
    assert "Error" not in plain_reason(nats.errors.Error())


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("ABCD", "a code has 20 characters"),
        ("ABCDEFGHIJKLMNOPQRST", "one of its characters is wrong"),
    ],
)
def test_a_mistyped_invite_code_says_how_in_words(typed: str, why: str) -> None:
    said = f"the invite code is mistyped: {why}; copy it again from the admin's desk"
    with pytest.raises(InviteCodeInvalid) as caught:
        parse_code(typed)
    assert str(caught.value) == said
