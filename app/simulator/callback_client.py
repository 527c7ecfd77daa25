"""HTTP/1.1 POSTs to the webhook callback over a few kept-alive connections.

Meta's servers are not on the business's machine, but the simulator is: every µs it spends per
webhook is taken from the gateway and the desks beside it (`switchboard bench live`). aiohttp's
client costs about 180 µs of CPU per POST more than this one on the bench machine (request and
response objects, header multidicts, timers, hooks), so the dispatcher POSTs with this small
client instead: one write of the request, and a parser that reads only what deciding needs
(the status and where the response ends). The handshake, rare, stays with aiohttp.

Each POST takes an idle connection (or opens one), writes the request and reads the response;
the connection is kept for the next POST unless the callback closes it or says so. Any failure
closes it: a broken connection is never reused. `post` awaits the answer; `start` POSTs on an
idle connection without a task and calls back with the answer from the connection's own
callbacks, so a webhook at live rates costs no task wake-ups (the dispatcher's common case).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

__all__ = ["CallbackClient", "MalformedResponse"]

USER_AGENT = "facebookexternalua"
"""What Meta's webhook requests say they are."""
MAX_HEAD = 64 * 1024
"""Longest response head (status line and headers) taken before the response counts as broken."""
READ_BUFFER = 16 * 1024
"""Bytes one read takes; an answer to a webhook is a few hundred."""


class MalformedResponse(Exception):
    """The callback answered something that is not an HTTP/1.x response."""


Outcome = tuple[int, bool] | BaseException
"""What became of one request: (status, whether the connection can carry another), or why it
failed."""
Answered = Callable[[int | BaseException], None]
"""Told what became of a POST: its status, or why it failed (`post`'s exceptions)."""


@dataclass(frozen=True, slots=True)
class _Target:
    host: str
    port: int
    path: str
    tls: ssl.SSLContext | None
    host_header: str


def _target(url: str) -> _Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("a callback must be an http:// or https:// URL")
    tls = ssl.create_default_context() if parts.scheme == "https" else None
    port = parts.port or (443 if tls else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.hostname, port, path, tls, parts.netloc)


class CallbackClient:
    """POSTs bodies to one callback URL; `close` ends the idle connections, `abort` all."""

    def __init__(self, url: str, timeout: float) -> None:
        """Args:
        url: The callback, http:// or https://.
        timeout: Seconds one POST may take, connecting included.
        """
        self._target = _target(url)
        self._timeout = timeout
        self._idle: list[_Connection] = []
        self._busy: set[_Connection] = set()
        """Connections carrying a request (`abort` closes them too)."""
        self._closed = False
        """After `close`, a connection whose request ends is closed, not kept."""
        self._head = (
            f"POST {self._target.path} HTTP/1.1\r\n"
            f"Host: {self._target.host_header}\r\n"
            f"User-Agent: {USER_AGENT}\r\n"
            "Accept: */*\r\n"
            "Accept-Encoding: gzip, deflate\r\n"
            "Content-Type: application/json\r\n"
        ).encode("ascii")

    async def post(self, body: bytes, signature: str | None, *, stall: float = 0.0) -> int:
        """POST `body` with its ``X-Hub-Signature-256`` (None: without one); the status.

        `stall`: seconds to wait after the head and the body's first byte before the rest (the
        slow-callback fault: the callback's read timeout applies).

        Raises:
            OSError: The connection failed or was closed before the response ended.
            TimeoutError: The POST took longer than the timeout.
            MalformedResponse: The answer was not HTTP.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        connection = self._idle_connection()
        if connection is None:
            async with asyncio.timeout_at(deadline):
                connection = await self._connect(loop)
        answer: asyncio.Future[int] = loop.create_future()
        exchange = self._exchange(connection, body, signature, stall, deadline, _answer_to(answer))
        try:
            return await answer
        except BaseException:
            exchange.fail(ConnectionAbortedError("the POST was abandoned"))
            raise

    def start(self, body: bytes, signature: str | None, answered: Answered) -> bool:
        """POST `body` on an idle connection and return at once; `answered(status)` (or with
        what `post` would raise) is called once, from the loop, when the POST ends.

        Returns:
            False, having sent nothing, when no connection is idle: `post` opens one.
        """
        connection = self._idle_connection()
        if connection is None:
            return False
        deadline = connection.loop.time() + self._timeout
        self._exchange(connection, body, signature, 0.0, deadline, answered)
        return True

    def _exchange(
        self,
        connection: _Connection,
        body: bytes,
        signature: str | None,
        stall: float,
        deadline: float,
        answered: Answered,
    ) -> _Exchange:
        head = self._head
        if signature is not None:
            head += f"X-Hub-Signature-256: {signature}\r\n".encode("ascii")
        head += f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        exchange = _Exchange(self, connection, answered)
        self._busy.add(connection)
        # One timer on the loop, not an asyncio.timeout: that costs a task lookup and a
        # cancellation scope per POST, and this runs once per webhook. Set before the send,
        # so a send that ends the exchange at once also cancels it.
        exchange.timer = connection.loop.call_at(deadline, connection.expire)
        connection.send(head, body, stall, exchange.ended)
        return exchange

    def _ended(self, connection: _Connection, reusable: bool) -> None:
        """A request on `connection` is over: keep the connection for the next, or close it."""
        self._busy.discard(connection)
        if reusable and connection.open and not self._closed:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        """Close the idle connections; POSTs under way end on theirs, which then close
        (`abort` ends them too)."""
        self._closed = True
        while self._idle:
            self._idle.pop().close()

    def abort(self) -> None:
        """Close every connection: POSTs under way fail with a connection error."""
        self.close()
        while self._busy:
            self._busy.pop().close()

    def _idle_connection(self) -> _Connection | None:
        while self._idle:
            connection = self._idle.pop()
            if connection.open:  # the callback may have closed it while it was idle
                return connection
        return None

    async def _connect(self, loop: asyncio.AbstractEventLoop) -> _Connection:
        target = self._target
        _, connection = await loop.create_connection(
            lambda: _Connection(loop),
            target.host,
            target.port,
            ssl=target.tls,
            server_hostname=target.host if target.tls else None,
        )
        return connection


class _Exchange:
    """One POST under way: ends its timer, settles its connection and tells `answered`, once."""

    __slots__ = ("_answered", "_client", "_connection", "timer")

    def __init__(self, client: CallbackClient, connection: _Connection, answered: Answered) -> None:
        self._client = client
        self._connection = connection
        self._answered: Answered | None = answered
        self.timer: asyncio.TimerHandle | None = None

    def ended(self, outcome: Outcome) -> None:
        """The connection's word on the request."""
        answered, self._answered = self._answered, None
        if answered is None:
            return
        if self.timer is not None:
            self.timer.cancel()
        if isinstance(outcome, BaseException):
            self._client._ended(self._connection, reusable=False)
            answered(outcome)
        else:
            self._client._ended(self._connection, reusable=outcome[1])
            answered(outcome[0])

    def fail(self, error: BaseException) -> None:
        """End the POST from outside (its awaiting task was cancelled): the connection goes.

        Not once it has ended: its connection may already carry the next POST."""
        if self._answered is None:
            return
        self._connection.abandon()
        self.ended(error)


def _answer_to(future: asyncio.Future[int]) -> Answered:
    """An `Answered` that settles `future` (unless it was cancelled meanwhile)."""

    def answered(outcome: int | BaseException) -> None:
        if future.done():
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    return answered


class _Connection(asyncio.BufferedProtocol):
    """One connection: one request at a time, the response parsed as it arrives.

    A buffered protocol: the transport reads into this connection's own buffer. A plain
    protocol is handed a new bytes object per read, which asyncio allocates at 256 KiB and
    shrinks: three memory-mapping system calls per response here.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._transport: asyncio.Transport | None = None
        self._answered: Callable[[Outcome], None] | None = None
        """Told the request's outcome, once; None while no request waits for its answer."""
        self._response = _Response()
        self._buffer = bytearray(READ_BUFFER)
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A cast, not an isinstance check: uvloop's transports (Meta's stand-in and the poster
        # run on it) do not derive from asyncio.Transport, though they have its methods.
        self._transport, self.open = cast(asyncio.Transport, transport), True

    def send(
        self, head: bytes, body: bytes, stall: float, answered: Callable[[Outcome], None]
    ) -> None:
        """Write one request; `answered` is told (status, whether the connection can carry
        another), or the failure, once."""
        assert self._transport is not None
        self._answered = answered
        self._response = _Response()
        if stall:
            # Never reused: the rest may still be on its way when the answer comes, and would
            # land in the middle of the next request.
            self._response.reusable = False
            self._transport.write(head + body[:1])
            # The slow-callback fault: the rest of the body follows later.
            self.loop.call_later(stall, self._write, body[1:])
        else:
            self._transport.write(head + body)

    def expire(self) -> None:
        """The POST's time is up: it fails, and the connection with it."""
        self._answer(TimeoutError("the callback did not answer in time"))
        self.close()

    def abandon(self) -> None:
        """Nobody waits for the answer any more: close without telling anyone."""
        self._answered = None
        self.close()

    def get_buffer(self, sizehint: int) -> memoryview:
        return memoryview(self._buffer)

    def buffer_updated(self, nbytes: int) -> None:
        if self._answered is None:
            self.close()  # bytes nobody asked for: this connection cannot be trusted
            return
        try:
            done = self._response.feed(bytes(self._buffer[:nbytes]))
        except MalformedResponse as exc:
            self._answer(exc)
            return
        if done:
            self._answer((self._response.status, self._response.reusable))

    def eof_received(self) -> bool | None:
        response = self._response
        if self._answered is not None and response.until_close and response.status:
            self._answer((response.status, False))  # the body ran until the close
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._answer(ConnectionResetError("the callback closed the connection"))

    def close(self) -> None:
        self.open = False
        if self._transport is not None:
            self._transport.close()

    def _answer(self, outcome: Outcome) -> None:
        answered, self._answered = self._answered, None
        if answered is not None:
            answered(outcome)

    def _write(self, data: bytes) -> None:
        if self.open and self._transport is not None:
            self._transport.write(data)


class _Response:
    """One HTTP/1.x response, fed as it arrives: its status, and where it ends."""

    def __init__(self) -> None:
        self._buffer = b""
        self.status = 0
        self.reusable = True
        self.until_close = False
        self._left = -1
        """Body bytes still to come; -1 while the head is being read."""
        self._chunked = False

    def feed(self, data: bytes) -> bool:
        """Take `data`; True once the response is complete."""
        self._buffer += data
        if self._left < 0 and not self._chunked and not self.until_close:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise MalformedResponse("response head too long")
                return False
            self._head(self._buffer[:end].decode("latin-1"))
            self._buffer = self._buffer[end + 4 :]
            if self.status < 200:  # 1xx: an interim answer, the real one follows
                self.status, self._left = 0, -1
                return self.feed(b"")
        if self.until_close:
            self._buffer = b""
            return False
        if self._chunked:
            return self._chunks()
        if len(self._buffer) >= self._left:
            self._buffer = self._buffer[self._left :]
            return True
        return False

    def _head(self, head: str) -> None:
        status_line, _, headers = head.partition("\r\n")
        version, _, rest = status_line.partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise MalformedResponse("not an HTTP/1.x response")
        self.status = int(code)
        if self.status < 200:  # 1xx: no body, and its headers say nothing of the real answer
            return
        self.reusable = self.reusable and version == "HTTP/1.1"
        length = None
        for line in headers.lower().split("\r\n"):  # lowered once, not line by line
            name, _, value = line.partition(":")
            name = name.strip()
            if name == "content-length":
                value = value.strip()
                if value.isdigit():
                    length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                self._chunked = True
            elif name == "connection":
                self.reusable = self.reusable and "close" not in value
        if self._chunked:
            return
        if length is None and self.status not in (204, 304):
            self.until_close, self.reusable = True, False
        self._left = length or 0

    def _chunks(self) -> bool:
        """Skip complete chunks; True after the last (empty) chunk and its trailer."""
        while True:
            line_end = self._buffer.find(b"\r\n")
            if line_end < 0:
                return False
            size_text = self._buffer[:line_end].split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise MalformedResponse("bad chunk size") from None
            if size == 0:
                trailer_end = self._buffer.find(b"\r\n\r\n", line_end)
                if trailer_end < 0:
                    return False
                self._buffer = self._buffer[trailer_end + 4 :]
                return True
            chunk_end = line_end + 2 + size + 2
            if len(self._buffer) < chunk_end:
                return False
            self._buffer = self._buffer[chunk_end:]
