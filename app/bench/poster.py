"""Signed webhook POSTs from a process of their own, for `switchboard bench gateway`.

``python -m app.bench.poster URL CONCURRENCY FILE``: FILE holds one webhook per line,
``<X-Hub-Signature-256 value> <body>`` (the body is Meta's compact ASCII JSON, so it holds no
line break). The process reads them all, prints ``start``, POSTs them with CONCURRENCY requests
in flight, printing ``posted N`` every hundred, and ``done`` at the end; a refused POST ends it
with a one-line error. Meta's servers are not in the gateway's process either: a client in the
same event loop would take the CPU the figure is about.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import aiohttp


async def post_all(url: str, concurrency: int, bodies: list[tuple[str, bytes]]) -> None:
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    posted = 0

    async def poster(session: aiohttp.ClientSession) -> None:
        nonlocal posted
        while not queue.empty():
            signature, raw = queue.get_nowait()
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
            async with session.post(url, data=raw, headers=headers) as response:
                response.raise_for_status()
            posted += 1
            if posted % 100 == 0:
                _say(f"posted {posted}")

    _say("start")
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(poster(session) for _ in range(concurrency)))
    _say(f"posted {posted}")
    _say("done")


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
    asyncio.run(post_all(sys.argv[1], int(sys.argv[2]), read(Path(sys.argv[3]))))
