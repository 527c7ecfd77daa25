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
about. It POSTs with the simulator's own webhook client (`callback_client`: kept-alive
connections, one write per request), which costs the machine the gateway shares far less CPU
per POST than aiohttp's client, on uvloop where installed (Meta's servers are not ours to
measure).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.aio import run_on_fast_loop
from app.bench.child import say
from app.simulator.callback_client import CallbackClient

MAX_TRIES = 50
PAUSE_S = 0.02
"""Pause before the first retry of a POST; it grows with each try."""
TIMEOUT_S = 300.0
"""Seconds one POST may take: as aiohttp's default, only a hung gateway reaches it."""


async def post_all(urls: list[str], concurrency: int, bodies: list[tuple[str, bytes]]) -> None:
    queue: asyncio.Queue[tuple[CallbackClient, str, bytes]] = asyncio.Queue()
    clients = [CallbackClient(url, TIMEOUT_S) for url in urls]
    for n, (signature, raw) in enumerate(bodies):
        queue.put_nowait((clients[n % len(clients)], signature, raw))
    posted = refused = 0

    async def post(client: CallbackClient, signature: str, raw: bytes) -> None:
        nonlocal refused
        for attempt in range(1, MAX_TRIES + 1):
            status = await client.post(raw, signature)
            if status < 500 or attempt == MAX_TRIES:
                if status >= 400:
                    raise RuntimeError(f"the gateway answered HTTP {status}")
                return
            refused += 1
            await asyncio.sleep(PAUSE_S * attempt)  # Meta's retry, much shortened

    async def poster() -> None:
        nonlocal posted
        while not queue.empty():
            await post(*queue.get_nowait())
            posted += 1
            if posted % 100 == 0:
                say(f"posted {posted}")

    say("start")
    try:
        await asyncio.gather(*(poster() for _ in range(concurrency)))
    finally:
        for client in clients:
            client.close()
    say(f"posted {posted}")
    say(f"refused {refused}")
    say("done")


def read(path: Path) -> list[tuple[str, bytes]]:
    bodies = []
    for line in path.read_bytes().splitlines():
        signature, raw = line.split(b" ", 1)
        bodies.append((signature.decode(), raw))
    return bodies


if __name__ == "__main__":
    run_on_fast_loop(post_all(sys.argv[1].split(","), int(sys.argv[2]), read(Path(sys.argv[3]))))
