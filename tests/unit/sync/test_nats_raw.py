"""A raw header block tells a status message from a plain one without parsing its headers."""

from __future__ import annotations

from app.sync.nats_raw import status_of


def test_a_status_message_gives_its_three_digits() -> None:
    assert status_of(b"NATS/1.0 404 No Messages\r\n\r\n") == "404"
    assert status_of(b"NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n\r\n") == "408"
    assert status_of(b"NATS/1.0 100 Idle Heartbeat\r\n\r\n") == "100"


def test_a_message_with_headers_or_none_has_no_status() -> None:
    assert status_of(b"NATS/1.0\r\nNats-Msg-Id: x\r\nNats-Expected-Stream: S\r\n\r\n") is None
    assert status_of(None) is None
