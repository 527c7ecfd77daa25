"""A bare desk, the floor of `switchboard bench live`: the least a desk must do per message.

``python -m app.bench.bare_desk`` reads one JSON line on stdin: ``hub_url``, ``seed`` (an nkey
seed's text), ``tls_fingerprint`` (hex or null), ``stream``, ``db`` (a new file), ``key`` (the
ChaCha20-Poly1305 key, hex), ``verify`` (an Ed25519 public key, a signature and what it signs,
hex), ``pace`` (seconds) and ``paced_below`` (batches this large are never held).

It follows the stream through an ephemeral, ack-less consumer pulled as a desk pulls
(`app.sync.nats_pull.PullInbox`: `no_wait` requests, live one open at a time and the next sent
after the batch, messages taken straight from nats-py's parser), and for every batch, on its
one thread: checks one Ed25519 signature (a desk checks one a run of one author's envelopes),
opens each message with ChaCha20-Poly1305, inserts the rows into a keyed SQLCipher file (a
primary key and a conversation index: the least that lists a conversation) and commits; then
it holds until `pace` has passed since the previous batch, as `SyncEngine._pace` does. Nothing
of the product beyond the replica's key pragmas, the hub's login and the pull requests: no
fold, no thread hops, no change notices.

It prints ``ready`` once its consumer exists, ``c <messages so far>`` at most every
`app.bench.child.COUNT_EVERY` seconds, and when stdin says ``stop`` (or closes) one line
``<n> <seconds>`` per message (the number the publisher put in it, the monotonic time its
batch was committed), ``cpu <seconds>`` (the process's CPU since ``ready``), ``batches <n>``
and ``done``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nats
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlcipher3.dbapi2 import Connection

from app.bench.bare_sql import keyed
from app.bench.child import CountTeller, run_child, say
from app.sync.hub_login import login_options
from app.sync.nats_pull import Arrival, PullInbox

__all__ = ["HEADER", "NONCE", "main"]

HEADER = struct.Struct(">IH")
"""What the publisher puts before a message's text: its number and its conversation."""
NONCE = 12
EXPIRES = 1.0
"""Seconds a pull request waits on the hub when nothing comes."""
BATCH = 1000
"""Messages a pull request may bring: more than a live batch ever holds."""


@dataclass
class _Pace:
    """`SyncEngine._pace`'s rule: a small batch is fetched no sooner than `pace` after the
    previous one, counted from when the previous hold ended; a big one is never held."""

    pace: float
    paced_below: int
    last: float = field(init=False)

    def __post_init__(self) -> None:
        self.last = -self.pace

    def fetched(self, size: int) -> float:
        """A batch of `size` arrived: the monotonic time the next fetch is due."""
        now = time.monotonic()
        due = self.last + self.pace if size < self.paced_below else now
        self.last = max(now, due)
        return due

    @staticmethod
    async def hold(due: float, stopping: asyncio.Future[bytes]) -> None:
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.wait((stopping,), timeout=delay)  # pacing, or stopping sooner


@dataclass
class _Applied:
    """Every committed message's number and commit time, told to the parent as counts."""

    times: list[tuple[int, float]] = field(default_factory=list)
    batches: int = 0
    cpu: float = 0.0
    counts: CountTeller = field(init=False)

    def __post_init__(self) -> None:
        self.counts = CountTeller(lambda: len(self.times))

    def committed(self, numbers: list[int], at: float) -> None:
        self.times += [(number, at) for number in numbers]
        self.batches += 1
        self.counts.changed()


class _Opener:
    """What a desk checks and opens per batch: one signature, then every message."""

    def __init__(self, given: dict[str, Any]) -> None:
        self._aead = ChaCha20Poly1305(bytes.fromhex(given["key"]))
        public, self._signature, self._signed = (bytes.fromhex(h) for h in given["verify"])
        self._public = Ed25519PublicKey.from_public_bytes(public)

    def rows(self, batch: list[Arrival], now: float) -> list[tuple[int, int, float, bytes]]:
        self._public.verify(self._signature, self._signed)
        rows = []
        for arrival in batch:
            data = arrival.data
            text = self._aead.decrypt(data[:NONCE], data[NONCE:], None)
            number, conversation = HEADER.unpack_from(text)
            rows.append((number, conversation, now, text))
        return rows


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given: dict[str, Any] = json.loads(await reader.readline())
    fingerprint = given["tls_fingerprint"]
    options = login_options(given["seed"], bytes.fromhex(fingerprint) if fingerprint else None)
    nc: Client = await nats.connect(given["hub_url"], allow_reconnect=False, **options)
    conn = keyed(Path(given["db"]), secrets.token_bytes(32))
    try:
        conn.execute("PRAGMA synchronous = NORMAL")  # as the desk commits a live batch
        conn.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, conv INTEGER, at REAL, body BLOB)")
        conn.execute("CREATE INDEX m_by_conv ON m (conv, at)")
        stopping = asyncio.ensure_future(reader.readline())
        applied = await _follow(nc, conn, given, stopping)
    finally:
        conn.close()
        await nc.close()
    if applied.times:
        say("\n".join(f"{n} {at:.6f}" for n, at in applied.times))
    say(f"cpu {applied.cpu:.4f}")
    say(f"batches {applied.batches}")
    say("done")


async def _follow(
    nc: Client, conn: Connection, given: dict[str, Any], stopping: asyncio.Future[bytes]
) -> _Applied:
    inbox = await _inbox(nc, given["stream"])
    opener = _Opener(given)
    pace = _Pace(float(given["pace"]), int(given["paced_below"]))
    applied = _Applied()
    say("ready")
    started = time.process_time()
    try:
        while (batch := await _next(inbox, stopping)) is not None:
            due = pace.fetched(len(batch))
            rows = opener.rows(batch, time.monotonic())
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", rows)
            conn.execute("COMMIT")
            applied.committed([row[0] for row in rows], time.monotonic())
            await pace.hold(due, stopping)
    finally:
        await inbox.stop()
    applied.cpu = time.process_time() - started
    return applied


async def _inbox(nc: Client, stream: str) -> PullInbox:
    """An ephemeral, ack-less consumer of new messages, pulled as a desk pulls its own."""
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.NEW, inactive_threshold=30.0
    )
    consumer = await nc.jetstream().add_consumer(stream, config)
    assert consumer.name is not None  # the hub names an ephemeral consumer
    inbox = PullInbox(nc, stream, consumer.name, BATCH, EXPIRES)
    await inbox.start()
    return inbox


async def _next(inbox: PullInbox, stopping: asyncio.Future[bytes]) -> list[Arrival] | None:
    """The next batch, or None once stdin said stop."""
    if stopping.done():
        return None
    taking = asyncio.ensure_future(inbox.take())
    await asyncio.wait((taking, stopping), return_when=asyncio.FIRST_COMPLETED)
    if not taking.done():
        taking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await taking
        return None
    if inbox.gone or inbox.broken is not None:
        raise RuntimeError(f"the hub's consumer failed: {inbox.broken or 'gone'}")
    return taking.result()


if __name__ == "__main__":
    run_child(main)
