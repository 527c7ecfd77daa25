"""The webhook's fast lane: Meta's signed POSTs answered by a small protocol of our own,
every other request by aiohttp.

aiohttp builds a request, a task and a response per POST: about 50 µs of the loop per webhook,
a sixth of the gateway's CPU at 3,000 webhooks a second. This lane takes only the shape
Meta sends, `POST <path> HTTP/1.1` with a Content-Length and nothing unusual (no
Transfer-Encoding, Expect or Upgrade), parses its head with httptools (llhttp, the parser
aiohttp's own C extension wraps), checks the signature and spools the body as aiohttp's
handler does (`WebhookEndpoint.refusal` and `store`), and writes a prepared answer.

Anything else, from its first byte on (the handshake's GET, the notification API, a chunked
or oversized body, a head llhttp refuses, no room in the body budget), goes to aiohttp: the
connection is handed to aiohttp's protocol with every byte not yet answered, and aiohttp
serves it to its end. The lane frames a request only when it is the only parser that will
ever see it, so the two never disagree about where a request ends (no smuggling between
them).
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import cast

import httptools

from app.gateway.spool import SpoolFull
from app.gateway.webhook import DISK_FULL, MAX_WEBHOOK_BYTES, Answer, WebhookEndpoint

__all__ = ["WebhookLane"]

MAX_HEAD_BYTES = 16 * 1024
"""A head not ended within this many bytes is aiohttp's to refuse (its lines are capped at
8,190 bytes each)."""
KEEPALIVE_S = 3630.0
"""An idle connection is closed after this long: aiohttp's own default, longer than a
reverse proxy keeps its connections."""
_REASONS = {
    200: b"OK",
    401: b"Unauthorized",
    403: b"Forbidden",
    500: b"Internal Server Error",
    503: b"Service Unavailable",
}
_OK = Answer(200)
_BROKEN = Answer(500)
_INTERESTING = frozenset(
    {b"content-length", b"transfer-encoding", b"expect", b"upgrade", b"x-hub-signature-256"}
)


class WebhookLane:
    """The protocol factory of the gateway's listening socket (`loop.create_server`)."""

    def __init__(
        self, endpoint: WebhookEndpoint, path: str, aiohttp_protocol: Callable[[], asyncio.Protocol]
    ) -> None:
        """
        Args:
            endpoint: Checks and spools the bodies.
            path: The webhook's path; POSTs elsewhere are aiohttp's.
            aiohttp_protocol: A new aiohttp protocol for a connection handed over (the
                application runner's `server`).
        """
        self._endpoint = endpoint
        self._path = path.encode("utf-8")  # no match for an encoded path: aiohttp takes it
        self._aiohttp_protocol = aiohttp_protocol
        self._connections: set[_Connection] = set()
        self._dates = _Dates()
        self._closed = False

    def __call__(self) -> _Connection:
        return _Connection(self)

    def stalled(self) -> int:
        """Connections read no further because their client does not take its answers."""
        return sum(1 for connection in self._connections if connection.write_paused)

    def unsent(self) -> int:
        """Bytes of answers written and not yet taken by their clients, all connections."""
        return sum(connection.unsent for connection in self._connections)

    def close(self) -> None:
        """Close every connection the lane still has, and any it is handed from now on (one
        the listener accepted just before it closed); one waiting for the spool is closed once
        answered (the spool answers it while it stops). A body still arriving is cut off, not
        waited for: Meta was not answered, so it sends it again."""
        self._closed = True
        for connection in list(self._connections):
            connection.close_when_idle()


class _Connection(asyncio.Protocol):
    """One client connection, until it is handed to aiohttp (or closed)."""

    def __init__(self, lane: WebhookLane) -> None:
        self._lane = lane
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        """Bytes received and not yet answered: the current request from its first byte."""
        self._headers: list[tuple[bytes, bytes]] = []
        self._url = b""
        self._signature: str | None = None
        self._head_done = False
        self._head = 0
        """The current request's head length, once it is framed (0 before)."""
        self._length = 0
        """The current request's body length, once framed."""
        self._held = 0
        """Bytes held in the body budget for the current request."""
        self._busy = False
        """The current request is being spooled: the next waits for its answer."""
        self._closing = False
        self._keep_alive = True
        self._paused = False
        """Reading is paused (`_update_reading`)."""
        self._write_paused = False
        """The transport's write buffer is full: a client that sends requests without
        reading the answers. No request is served, and nothing read, until it drains."""
        self._loop = asyncio.get_running_loop()
        """Kept: each `get_running_loop` makes a `getpid` system call (CPython 3.11's fork
        check), and every request asked twice."""
        self._last = 0.0
        self._timer: asyncio.TimerHandle | None = None

    @property
    def write_paused(self) -> bool:
        return self._write_paused

    @property
    def unsent(self) -> int:
        transport = self._transport
        return 0 if transport is None else transport.get_write_buffer_size()

    # -- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass
        sock = transport.get_extra_info("socket")
        if sock is not None:  # finds a peer gone for good, as aiohttp does for its own
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self._lane._connections.add(self)
        if self._lane._closed:
            self.close_when_idle()
            return
        self._last = self._loop.time()
        self._timer = self._loop.call_at(self._last + KEEPALIVE_S, self._expire)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._last = self._loop.time()
        if self._busy or self._write_paused:
            self._update_reading()
            return
        self._serve()

    def pause_writing(self) -> None:
        # Answers pile up (refusals are answered at once, without the spool): read no more
        # until the client takes them, as aiohttp does, so memory stays bounded.
        self._write_paused = True
        self._update_reading()

    def resume_writing(self) -> None:
        self._write_paused = False
        self._update_reading()
        if self._buffer:
            self._serve()

    def connection_lost(self, exc: Exception | None) -> None:
        self._lane._connections.discard(self)
        self._release()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._transport = None

    # -- httptools callbacks --------------------------------------------------------------------

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._head_done = True

    # -- the lane ------------------------------------------------------------------------------

    def close_when_idle(self) -> None:
        self._closing = True
        if not self._busy and self._transport is not None:
            self._transport.close()

    def _serve(self) -> None:
        """Frame, check and spool what the buffer holds, one request at a time."""
        while (
            self._buffer
            and not self._busy
            and not self._write_paused
            and not self._closing  # nothing more once closed (stopping, idle for long)
            and self._transport is not None
        ):
            if not self._head and not self._frame():
                return
            end = self._head + self._length
            if len(self._buffer) < end:
                return  # the body is still arriving
            raw = bytes(self._buffer[self._head : end])
            try:
                self._parser.feed_data(raw)  # ends the message: the parser awaits the next
            except httptools.HttpParserError:
                self._hand_over()
                return
            del self._buffer[:end]
            self._head = self._length = 0
            self._take(raw)

    def _frame(self) -> bool:
        """Read the current request's head: True once it is the lane's and framed, False
        while more must arrive (or once the connection went elsewhere)."""
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0 or end + 4 > MAX_HEAD_BYTES:
            if len(self._buffer) > MAX_HEAD_BYTES or b"\n\n" in self._buffer:
                self._hand_over()  # aiohttp refuses it, or reads what llhttp would not
            return False
        head = bytes(self._buffer[: end + 4])
        self._url, self._headers, self._head_done = b"", [], False
        try:
            self._parser.feed_data(head)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade):
            self._hand_over()
            return False
        length = self._length_if_ours() if self._head_done else None
        if length is None:
            self._hand_over()
            return False
        if length > MAX_WEBHOOK_BYTES:
            # aiohttp answers 413 and reads on a while before closing: closed at once with the
            # body unread, the connection would be reset, which may destroy the answer.
            self._hand_over()
            return False
        if not self._lane._endpoint.bodies.try_hold(length):
            self._hand_over()  # aiohttp's path waits for room
            return False
        self._held = length
        self._head, self._length = end + 4, length
        return True

    def _length_if_ours(self) -> int | None:
        """The body's length if the head is one the lane takes, else None."""
        parser = self._parser
        if parser.get_method() != b"POST" or parser.get_http_version() != "1.1":
            return None
        if self._url.partition(b"?")[0] != self._lane._path:
            return None
        length: int | None = None
        self._signature = None
        for name, value in self._headers:
            lower = name.lower()
            if lower not in _INTERESTING:
                continue
            if lower == b"x-hub-signature-256" and self._signature is None:
                self._signature = value.decode("latin-1")
            elif lower == b"content-length" and length is None and value.isdigit():
                length = int(value)
            else:  # chunked, 100-continue, an upgrade, a repeated or odd header: aiohttp's
                return None
        self._keep_alive = parser.should_keep_alive()
        return length

    def _take(self, raw: bytes) -> None:
        """Check the body's signature, then spool it; answer once it is on disk."""
        endpoint = self._lane._endpoint
        refusal = endpoint.refusal(raw, self._signature)
        self._release()
        if refusal is not None:
            self._answer(refusal)
            return
        try:
            stored = endpoint.store(raw)
        except RuntimeError:  # the spool is closed: the gateway stops
            self._keep_alive = False
            self._answer(_BROKEN)
            return
        if isinstance(stored, Answer):
            self._answer(stored)
            return
        self._busy = True
        stored.add_done_callback(self._stored)

    def _stored(self, stored: asyncio.Future[None]) -> None:
        self._busy = False
        error = asyncio.CancelledError() if stored.cancelled() else stored.exception()
        if error is None:
            self._answer(_OK)
        elif isinstance(error, SpoolFull):
            self._answer(DISK_FULL)  # Meta retries it
        else:
            self._keep_alive = False
            self._answer(_BROKEN)
        self._update_reading()
        if self._buffer:
            self._serve()

    def _answer(self, answer: Answer) -> None:
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        close = self._closing or not self._keep_alive
        transport.write(_response(answer, self._lane._dates.now(), close))
        self._last = self._loop.time()
        if close:
            transport.close()
            self._transport = None

    def _hand_over(self) -> None:
        """Give the connection to aiohttp, with every byte of it not yet answered."""
        transport = self._transport
        if transport is None:
            return
        self._release()
        self._lane._connections.discard(self)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._transport = None
        protocol = self._lane._aiohttp_protocol()
        transport.set_protocol(protocol)
        protocol.connection_made(transport)
        if self._write_paused:
            protocol.pause_writing()  # the transport tells it when its buffer drained
        if self._paused:
            transport.resume_reading()  # aiohttp pauses reading itself, on its own terms
            self._paused = False
        data, self._buffer = bytes(self._buffer), bytearray()
        protocol.data_received(data)

    def _update_reading(self) -> None:
        """Read while there is somewhere to put it: not while answers wait for the client to
        take them, nor while a body is spooled and the next request has already arrived."""
        transport = self._transport
        if transport is None:
            return
        waiting = self._busy and len(self._buffer) > MAX_HEAD_BYTES
        pause = self._write_paused or waiting
        if pause and not self._paused:
            transport.pause_reading()
        elif not pause and self._paused:
            transport.resume_reading()
        self._paused = pause

    def _release(self) -> None:
        if self._held:
            self._lane._endpoint.bodies.release(self._held)
            self._held = 0

    def _expire(self) -> None:
        """Close the connection once nothing came or went for KEEPALIVE_S."""
        loop = self._loop
        due = self._last + KEEPALIVE_S
        if self._busy or due > loop.time():
            self._timer = loop.call_at(max(due, loop.time() + 1.0), self._expire)
            return
        self._timer = None
        self.close_when_idle()


class _Dates:
    """The `Date` header's value, formatted once a second (aiohttp does the same)."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def now(self) -> bytes:
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._value = formatdate(second, usegmt=True).encode("ascii")
        return self._value


def _response(answer: Answer, date: bytes, close: bool) -> bytes:
    body = answer.text.encode("utf-8")
    head = b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\nDate: %s\r\n" % (
        answer.status,
        _REASONS.get(answer.status, b""),
        len(body),
        date,
    )
    if body:
        head += b"Content-Type: text/plain; charset=utf-8\r\n"
    if close:
        head += b"Connection: close\r\n"
    return head + b"\r\n" + body
