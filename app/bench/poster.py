"""Signed webhook POSTs from a process of their own, for `switchboard bench gateway`.

``python -m app.bench.poster URLS CONCURRENCY FILE``: FILE holds one webhook per line,
``<X-Hub-Signature-256 value> <body>`` (the body is Meta's compact ASCII JSON, so it holds no
line break). The process reads them all, prints ``start``, POSTs them with CONCURRENCY requests
in flight, printing ``posted N`` every hundred, then ``refused N`` and ``done`` at the end. A
POST answered 5xx is sent again after a short pause, as Meta retries (its pauses are longer),
up to MAX_TRIES times, and counted in ``refused``; any other refusal ends it with a one-line
error. URLS is one webhook URL, or several joined by commas: the n-th webhook
goes to URL n mod their number, as a round-robin front before several gateways sends it (so a
webhook repeated on the next line lands on another gateway). Meta's servers are not in the
gateway's process either: a client in the same event loop would take the CPU the figure is
about.

Each of the CONCURRENCY posters keeps one HTTP/1.1 connection open and sends its POSTs over it
one after the other (keep-alive, as Meta does), written as bytes over asyncio streams: the
poster shares the machine's two cores with the gateway and the hub, and aiohttp's client took
about 140 µs of CPU per POST, as much as a third of what the gateway spends on one.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit

MAX_TRIES = 50
PAUSE_S = 0.02
"""Pause before the first retry of a POST; it grows with each try."""


async def post_all(urls: list[str], concurrency: int, bodies: list[tuple[str, bytes]]) -> None:
    queue: asyncio.Queue[tuple[str, str, bytes]] = asyncio.Queue()
    for n, (signature, raw) in enumerate(bodies):
        queue.put_nowait((urls[n % len(urls)], signature, raw))
    posted = refused = 0

    async def post(
        connections: dict[str, Connection], url: str, signature: str, raw: bytes
    ) -> None:
        nonlocal refused
        for attempt in range(1, MAX_TRIES + 1):
            if url not in connections:
                connections[url] = await Connection.open(url)
            try:
                status = await connections[url].post(signature, raw)
            except (ConnectionError, asyncio.IncompleteReadError):
                connections.pop(url).close()  # the server closed it: a new one, same POST
                continue
            if status < 300:
                return
            if status < 500 or attempt == MAX_TRIES:
                raise RuntimeError(f"webhook POST answered {status}")
            refused += 1
            await asyncio.sleep(PAUSE_S * attempt)  # Meta's retry, much shortened

    async def poster() -> None:
        nonlocal posted
        connections: dict[str, Connection] = {}
        try:
            while not queue.empty():
                await post(connections, *queue.get_nowait())
                posted += 1
                if posted % 100 == 0:
                    _say(f"posted {posted}")
        finally:
            for connection in connections.values():
                connection.close()

    _say("start")
    await asyncio.gather(*(poster() for _ in range(concurrency)))
    _say(f"posted {posted}")
    _say(f"refused {refused}")
    _say("done")


class Connection:
    """One keep-alive HTTP/1.1 connection to a webhook URL: POST, read the answer, again."""

    def __init__(
        self, url: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        parts = urlsplit(url)
        self._head = (
            f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Content-Type: application/json\r\n"
        ).encode()
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"the poster speaks plain HTTP only: {url}")
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        return cls(url, reader, writer)

    async def post(self, signature: str, raw: bytes) -> int:
        """POST `raw` signed with `signature`; the answer's status (its body is read and
        dropped)."""
        headers = f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(raw)}\r\n\r\n"
        self._writer.write(self._head + headers.encode() + raw)
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await self._reader.readexactly(length)
        return status

    def close(self) -> None:
        self._writer.close()


def read(path: Path) -> list[tuple[str, bytes]]:
    bodies = []
    for line in path.read_bytes().splitlines():
        signature, raw = line.split(b" ", 1)
        bodies.append((signature.decode(), raw))
    return bodies


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(post_all(sys.argv[1].split(","), int(sys.argv[2]), read(Path(sys.argv[3]))))
