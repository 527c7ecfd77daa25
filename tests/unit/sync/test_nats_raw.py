"""A raw header block tells a status message from a plain one without parsing its headers."""

from __future__ import annotations

import gc
import weakref

import pytest
from nats.aio.client import Client

from app.sync.nats_raw import RawRoute, status_of


def test_a_status_message_gives_its_three_digits() -> None:
    assert status_of(b"NATS/1.0 404 No Messages\r\n\r\n") == "404"
    assert status_of(b"NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n\r\n") == "408"
    assert status_of(b"NATS/1.0 100 Idle Heartbeat\r\n\r\n") == "100"


def test_a_message_with_headers_or_none_has_no_status() -> None:
    assert status_of(b"NATS/1.0\r\nNats-Msg-Id: x\r\nNats-Expected-Stream: S\r\n\r\n") is None
    assert status_of(None) is None


def test_a_connection_keeps_one_route_and_is_freed_with_it() -> None:
    client = Client()
    route = RawRoute.of(client)
    assert RawRoute.of(client) is route
    gone = weakref.ref(client)
    del client, route
    gc.collect()
    assert gone() is None  # a route must not keep its connection (and buffers) alive


@pytest.mark.asyncio
async def test_a_handler_that_raises_does_not_stop_the_connections_reading() -> None:
    """The parser calls the route from nats-py's read loop, which stops for good on an
    exception: a handler's error is logged and the next message is handled."""
    client = Client()
    route = RawRoute.of(client)
    handled: list[bytes] = []

    def handler(_subject: str, _reply: str, data: bytes, _status: str | None) -> None:
        handled.append(data)
        if data == b"bad":
            raise OverflowError("a handler's bug")

    route.add(7, handler)
    await client._process_msg(7, b"s", b"", b"bad", None)
    await client._process_msg(7, b"s", b"", b"next", None)

    assert handled == [b"bad", b"next"]
