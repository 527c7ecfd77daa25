"""Physical floors measured beside the product's figures: bare SQLCipher, raw NATS.

Each floor does the least the product's path must do (one keyed commit, one message through
the hub) with the libraries directly, so the ratio shows what the product's own code costs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg

from app.bench.bare_sql import keyed
from app.bench.report import Percentiles

__all__ = ["keyed", "one_row_commits", "publish_receive", "raw_publish"]


def one_row_commits(path: Path, count: int, size: int = 200) -> Percentiles:
    """Time `count` transactions of one `size`-byte row each, durable as the replica's are."""
    conn = keyed(path, os.urandom(32))
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, body BLOB)")
        samples = []
        for _ in range(count):
            body = os.urandom(size)
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO floor (body) VALUES (?)", (body,))
            conn.execute("COMMIT")
            samples.append(time.perf_counter() - started)
    finally:
        conn.close()
    return Percentiles.of(samples)


async def publish_receive(
    url: str, options: dict[str, Any], size: int, count: int, rate: float
) -> Percentiles:
    """Core NATS publish → receive through the hub, one connection each side, at `rate`/s."""
    subject = f"bench.floor.{secrets.token_hex(6)}"
    sent: dict[int, float] = {}
    took: list[float] = []
    everything = asyncio.Event()

    async def received(msg: Msg) -> None:
        now = time.perf_counter()
        took.append(now - sent[int.from_bytes(msg.data[:4], "big")])
        if len(took) == count:
            everything.set()

    async with _client(url, options, "bench-receive") as receiver:
        await receiver.subscribe(subject, cb=received)
        await receiver.flush()
        async with _client(url, options, "bench-publish") as publisher:
            padding = os.urandom(max(0, size - 4))
            start = time.perf_counter()
            for n in range(count):
                await _until(start + n / rate)
                sent[n] = time.perf_counter()
                await publisher.publish(subject, n.to_bytes(4, "big") + padding)
            await publisher.flush()
            async with asyncio.timeout(10):
                await everything.wait()
    return Percentiles.of(took)


async def raw_publish(
    url: str, options: dict[str, Any], subject: str, payloads: list[bytes], window: int = 5000
) -> float:
    """Seconds to publish `payloads` to JetStream with publish_async, every ack checked."""
    async with _client(url, options, "bench-raw-publish") as nc:
        js = nc.jetstream()
        started = time.perf_counter()
        for first in range(0, len(payloads), window):
            acks = [await js.publish_async(subject, p) for p in payloads[first : first + window]]
            await js.publish_async_completed()
            for ack in acks:
                await ack
        return time.perf_counter() - started


async def _until(due: float) -> None:
    """Pace a sender: sleep until `due` (perf_counter seconds); at once when already late."""
    delay = due - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


@contextlib.asynccontextmanager
async def _client(url: str, options: dict[str, Any], name: str) -> AsyncIterator[Client]:
    nc: Client = await nats.connect(url, name=name, allow_reconnect=False, **options)
    try:
        yield nc
    finally:
        await nc.close()
