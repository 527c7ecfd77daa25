"""HTTP/1.1 POSTs to the webhook callback over a few kept-alive connections.

Meta's servers are not on the business's machine, but the simulator is: every µs it spends per
webhook is taken from the gateway and the desks beside it (`switchboard bench live`). aiohttp's
client costs about 180 µs of CPU per POST more than this one on the bench machine (request and
response objects, header multidicts, timers, hooks), so the dispatcher POSTs with this small
client instead: one write of the request, and a parser that reads only what deciding needs
(the status and where the response ends). The handshake, rare, stays with aiohttp.

Each POST takes an idle connection (or opens one), writes the request and reads the response;
the connection is kept for the next POST unless the callback closes it or says so. Any failure
closes it: a broken connection is never reused.
"""

from __future__ import annotations

import asyncio
import ssl
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
    """POSTs bodies to one callback URL; `close` ends every connection."""

    def __init__(self, url: str, timeout: float) -> None:
        """Args:
        url: The callback, http:// or https://.
        timeout: Seconds one POST may take, connecting included.
        """
        self._target = _target(url)
        self._timeout = timeout
        self._idle: list[_Connection] = []
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
        head = self._head
        if signature is not None:
            head += f"X-Hub-Signature-256: {signature}\r\n".encode("ascii")
        head += f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        connection = self._idle_connection()
        if connection is None:
            async with asyncio.timeout_at(deadline):
                connection = await self._connect(loop)
        answer = connection.send(head, body, stall)
        # One timer on the loop, not an asyncio.timeout: that costs a task lookup and a
        # cancellation scope per POST, and this runs once per webhook.
        timer = loop.call_at(deadline, connection.expire)
        try:
            status, reusable = await answer
        except BaseException:
            connection.close()
            raise
        finally:
            timer.cancel()
        if reusable:
            self._idle.append(connection)
        else:
            connection.close()
        return status

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()

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


class _Connection(asyncio.BufferedProtocol):
    """One connection: one request at a time, the response parsed as it arrives.

    A buffered protocol: the transport reads into this connection's own buffer. A plain
    protocol is handed a new bytes object per read, which asyncio allocates at 256 KiB and
    shrinks: three memory-mapping system calls per response here.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[tuple[int, bool]] | None = None
        self._response = _Response()
        self._buffer = bytearray(READ_BUFFER)
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A cast, not an isinstance check: uvloop's transports (Meta's stand-in and the poster
        # run on it) do not derive from asyncio.Transport, though they have its methods.
        self._transport, self.open = cast(asyncio.Transport, transport), True

    def send(self, head: bytes, body: bytes, stall: float) -> asyncio.Future[tuple[int, bool]]:
        """Write one request; its answer: (status, whether the connection can carry another)."""
        assert self._transport is not None
        self._answer = answer = self._loop.create_future()
        self._response = _Response()
        if stall:
            # Never reused: the rest may still be on its way when the answer comes, and would
            # land in the middle of the next request.
            self._response.reusable = False
            self._transport.write(head + body[:1])
            # The slow-callback fault: the rest of the body follows later.
            self._loop.call_later(stall, self._write, body[1:])
        else:
            self._transport.write(head + body)
        return answer

    def expire(self) -> None:
        """The POST's time is up: it fails, and the connection with it."""
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(TimeoutError("the callback did not answer in time"))
        self.close()

    def get_buffer(self, sizehint: int) -> memoryview:
        return memoryview(self._buffer)

    def buffer_updated(self, nbytes: int) -> None:
        if self._answer is None or self._answer.done():
            self.close()  # bytes nobody asked for: this connection cannot be trusted
            return
        try:
            done = self._response.feed(bytes(self._buffer[:nbytes]))
        except MalformedResponse as exc:
            self._answer.set_exception(exc)
            return
        if done:
            self._answer.set_result((self._response.status, self._response.reusable))

    def eof_received(self) -> bool | None:
        answer, response = self._answer, self._response
        if answer is not None and not answer.done() and response.until_close and response.status:
            answer.set_result((response.status, False))  # the body ran until the close
        return None  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(ConnectionResetError("the callback closed the connection"))

    def close(self) -> None:
        self.open = False
        if self._transport is not None:
            self._transport.close()

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
        status_line, *lines = head.split("\r\n")
        version, _, rest = status_line.partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise MalformedResponse("not an HTTP/1.x response")
        self.status = int(code)
        if self.status < 200:  # 1xx: no body, and its headers say nothing of the real answer
            return
        self.reusable = self.reusable and version == "HTTP/1.1"
        length = None
        for line in lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length" and value.isdigit():
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
