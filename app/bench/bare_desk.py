"""A bare desk, the floor of `switchboard bench live`: the least a desk must do per message.

``python -m app.bench.bare_desk`` reads one JSON line on stdin: ``hub_url``, ``seed`` (an nkey
seed's text), ``tls_fingerprint`` (hex or null), ``stream``, ``db`` (a new file), ``key`` (the
ChaCha20-Poly1305 key, hex), ``verify`` (an Ed25519 public key, a signature and what it signs,
hex), ``pace`` (seconds) and ``paced_below`` (batches this large are never held).

It follows the stream through an ephemeral, ack-less consumer with `no_wait` pull requests, as
a desk does (one open at a time, the next sent after the batch), and for every batch, on its
one thread: checks one Ed25519 signature (a desk checks one a run of one author's envelopes),
opens each message with ChaCha20-Poly1305, inserts the rows into a keyed SQLCipher file (a
primary key and a conversation index: the least that lists a conversation) and commits; then
it holds until `pace` has passed since the previous batch, as `SyncEngine._pace` does. Nothing
of the product beyond the replica's key pragmas and the hub's login: no fold, no thread hops,
no change notices.

It prints ``ready`` once its consumer exists, ``c <messages so far>`` at most every
`COUNT_EVERY` seconds, and when stdin says ``stop`` (or closes) one line ``<n> <seconds>`` per
message (the number the publisher put in it, the monotonic time its batch was committed),
``cpu <seconds>`` (the process's CPU since ``ready``), ``batches <n>`` and ``done``.
"""

from __future__ import annotations

import asyncio
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
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from app.bench.bare_sql import keyed
from app.bench.child import run_child, say
from app.sync.hub_login import login_options
from app.sync.nats_pull import consumer_sequences

__all__ = ["HEADER", "NONCE", "main"]

HEADER = struct.Struct(">IH")
"""What the publisher puts before a message's text: its number and its conversation."""
NONCE = 12
EXPIRES = 1.0
"""Seconds a pull request waits on the hub when nothing comes."""
BATCH = 1000
COUNT_EVERY = 0.1
"""Seconds between two counts told to the parent, which waits until every bare desk has all."""
_ENDED = ("404", "408")


@dataclass
class _Inbox:
    """The messages of the one open pull request, and whether it has ended."""

    messages: list[bytes] = field(default_factory=list)
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    empty_at_once: bool = False
    failed: str | None = None
    """The status the hub ended a request with when it was not "no messages" or "expired"."""

    async def on_msg(self, msg: Msg) -> None:
        status = msg.headers.get("Status") if msg.headers else None
        if status is not None:
            self.empty_at_once = status == "404" and not self.messages
            if status not in _ENDED:
                self.failed = status
            self.ended.set()
            return
        self.messages.append(msg.data)
        _, _, pending = consumer_sequences(msg.reply)
        if pending == 0:  # the hub holds nothing more: this request's burst is over
            self.ended.set()

    def take(self) -> list[bytes]:
        taken, self.messages = self.messages, []
        self.ended.clear()
        return taken


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
        applied, batches, cpu = await _follow(nc, conn, given, stopping)
    finally:
        conn.close()
        await nc.close()
    say("\n".join(f"{n} {at:.6f}" for n, at in applied) if applied else "")
    say(f"cpu {cpu:.4f}")
    say(f"batches {batches}")
    say("done")


async def _follow(
    nc: Client, conn: Any, given: dict[str, Any], stopping: asyncio.Future[bytes]
) -> tuple[list[tuple[int, float]], int, float]:
    js = nc.jetstream()
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.NEW, inactive_threshold=30.0
    )
    consumer = await js.add_consumer(given["stream"], config)
    inbox = _Inbox()
    reply = nc.new_inbox()
    await nc.subscribe(reply, cb=inbox.on_msg)
    subject = f"$JS.API.CONSUMER.MSG.NEXT.{given['stream']}.{consumer.name}"
    expiry = int(EXPIRES * 1e9)
    request = json.dumps({"batch": BATCH, "no_wait": True, "expires": expiry}).encode()
    waiting = json.dumps({"batch": 1, "expires": expiry}).encode()
    aead = ChaCha20Poly1305(bytes.fromhex(given["key"]))
    public, signature, signed = (bytes.fromhex(h) for h in given["verify"])
    pace, paced_below = float(given["pace"]), int(given["paced_below"])
    applied: list[tuple[int, float]] = []
    batches, last = 0, -pace
    loop = asyncio.get_running_loop()
    counting = False

    def tell_count() -> None:
        nonlocal counting
        counting = False
        say(f"c {len(applied)}")

    say("ready")
    started = time.process_time()
    while not stopping.done():
        await nc.publish(subject, waiting if inbox.empty_at_once else request, reply=reply)
        ended = asyncio.ensure_future(inbox.ended.wait())
        await asyncio.wait((ended, stopping), return_when=asyncio.FIRST_COMPLETED)
        ended.cancel()
        if inbox.failed is not None:
            raise RuntimeError(f"the hub ended a pull request with status {inbox.failed}")
        taken = inbox.take()
        if not taken:
            continue
        now = time.monotonic()
        held = len(taken) < paced_below  # as `SyncEngine._pace`: a big batch is never held
        due = last + pace if held else now
        last = max(now, due)
        Ed25519PublicKey.from_public_bytes(public).verify(signature, signed)
        rows = []
        for data in taken:
            text = aead.decrypt(data[:NONCE], data[NONCE:], None)
            number, conversation = HEADER.unpack_from(text)
            rows.append((number, conversation, now, text))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        committed = time.monotonic()
        batches += 1
        applied += [(row[0], committed) for row in rows]
        if not counting:  # one count per COUNT_EVERY, however many batches
            counting = True
            loop.call_later(COUNT_EVERY, tell_count)
        if due > committed:
            await asyncio.wait((stopping,), timeout=due - committed)
    return applied, batches, time.process_time() - started


if __name__ == "__main__":
    run_child(main)
