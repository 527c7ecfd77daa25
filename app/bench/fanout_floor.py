"""The floor of `bench live` with all its desks: D bare desks on this machine at the same rate.

One message through the hub and one commit (`floors`) is what a lone desk must wait for. With
ten desks on one 2-core machine, each must also do its share of the work while the others do
theirs, and each waits up to `LIVE_PACE` for its next fetch; that is physics too, and it is what
bounds `bench live`'s figure from below. So the bench also runs D bare desks (`bare_desk`: a
raw pull consumer, one signature checked a batch, ChaCha20-Poly1305 per message, one
SQLCipher commit a batch, all on one thread, held by the same pace) on the same hub, and this
process publishes sealed-size messages to a stream of their own at the same rate, at random
(Poisson) gaps as many independent customers write. The figure: from publishing a message to
the last bare desk's commit holding it, and a bare desk's CPU per message. What it leaves
out, and so keeps below the product: Meta's stand-in, the gateway, the fold, the thread hops.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nats
import nats.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nats.aio.client import Client
from nats.js.api import StreamConfig

from app.bench.bare_desk import HEADER, NONCE
from app.bench.child import TellingChild, all_told, telling_children
from app.bench.report import Percentiles, Progress
from app.sync.engine import LIVE_PACE, PACED_BELOW
from app.sync.hub_login import login_options

__all__ = ["FanoutFloor", "Told", "bare_desks", "figures"]

CONVERSATIONS = 50
DRAIN_PATIENCE = 5.0
"""Seconds without any bare desk committing anything after which the rest counts as lost."""
LINE_LIMIT = 2**20
ACK_PATIENCE = 30.0
"""Seconds the hub gets to acknowledge the last publications."""


@dataclass(frozen=True, slots=True)
class FanoutFloor:
    """What the bare desks saw."""

    every_desk: Percentiles
    """From publishing to the last bare desk's commit, per message."""
    desk_cpu: float
    """A bare desk's CPU seconds per message (its whole process), averaged over them."""
    per_batch: float
    """Messages per committed batch, averaged over the bare desks."""
    sent: int
    lost: int
    """Messages missing on at least one bare desk."""


@dataclass(frozen=True, slots=True)
class Told:
    """What one bare desk said when it stopped."""

    committed: dict[int, float]
    """Message number → monotonic seconds when the batch holding it was committed."""
    cpu: float
    """The bare desk's CPU seconds from ready to stop."""
    batches: int


@dataclass(eq=False)
class _BareDesk(TellingChild):
    committed: dict[int, float] = field(default_factory=dict)
    cpu: float = 0.0
    batches: int = 0

    def heard(self, line: str) -> None:
        if line.startswith("cpu "):
            self.cpu = float(line[4:])
        elif line.startswith("batches "):
            self.batches = int(line[8:])
        else:
            number, at = line.split()
            self.committed[int(number)] = float(at)

    def told(self) -> Told:
        return Told(self.committed, self.cpu, self.batches)


async def bare_desks(
    url: str,
    login: tuple[str, bytes | None],
    desks: int,
    rate: float,
    seconds: float,
    size: int,
    folder: Path,
    shown: Callable[[int], Progress],
) -> FanoutFloor:
    """Run `desks` bare desks on the hub at `url` while `rate` messages of `size` bytes a
    second are published for `seconds`. `login`: the nkey seed's text and the hub's TLS
    fingerprint (None: none); `shown(total)` makes the progress bar of the publishing."""
    seed, fingerprint = login
    options = login_options(seed, fingerprint)
    stream = f"BENCH_FANOUT_{secrets.token_hex(4).upper()}"
    key, signer = secrets.token_bytes(32), Ed25519PrivateKey.generate()
    signed = secrets.token_bytes(32)
    public = signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    given = {
        "hub_url": url,
        "seed": seed,
        "tls_fingerprint": fingerprint.hex() if fingerprint else None,
        "stream": stream,
        "key": key.hex(),
        "verify": [public.hex(), signer.sign(signed).hex(), signed.hex()],
        "pace": LIVE_PACE,
        "paced_below": PACED_BELOW,
    }
    nc: Client = await nats.connect(url, name="bench-fanout", allow_reconnect=False, **options)
    try:
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name=stream, subjects=[f"bench.fanout.{stream}.>"]))
        try:
            givens = [{**given, "db": str(folder / f"bare-desk-{n + 1}.db")} for n in range(desks)]
            logs = [folder / f"bare-desk-{n + 1}.log" for n in range(desks)]
            started = telling_children(
                "app.bench.bare_desk", _BareDesk, givens, logs, limit=LINE_LIMIT
            )
            async with started as children:
                total = max(1, round(rate * seconds))
                published = shown(total)  # from here: the desks' start is not the rate's
                sent = await _publish(nc, stream, key, size, total, rate, published.update)
                published.finish()
                await all_told(children, total, DRAIN_PATIENCE)
                for child in children:
                    await child.stop()
        finally:
            # The hub is the bench's own and goes with it: a stream left behind harms nothing,
            # and an error here must not hide the one that ended the run.
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                await js.delete_stream(stream)
    finally:
        await nc.close()
    return figures(sent, [child.told() for child in children])


async def _publish(
    nc: Client,
    stream: str,
    key: bytes,
    size: int,
    total: int,
    rate: float,
    published: Callable[[int], None],
) -> dict[int, float]:
    """Publish `total` messages at random gaps averaging 1/`rate`; each one's monotonic time."""
    js = nc.jetstream()
    aead = ChaCha20Poly1305(key)
    gaps = random.Random(total)
    text = secrets.token_bytes(max(0, size - NONCE - 16 - HEADER.size))
    sent: dict[int, float] = {}
    acks = []
    due = time.monotonic()
    for n in range(total):
        due += gaps.expovariate(rate)
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        conversation = n % CONVERSATIONS
        nonce = secrets.token_bytes(NONCE)
        sealed = nonce + aead.encrypt(nonce, HEADER.pack(n, conversation) + text, None)
        sent[n] = time.monotonic()
        acks.append(await js.publish_async(f"bench.fanout.{stream}.{conversation}", sealed))
        published(n + 1)
    async with asyncio.timeout(ACK_PATIENCE):  # nats-py never fails an ack that was lost
        for ack in acks:
            await ack
    return sent


def figures(sent: dict[int, float], told: Sequence[Told]) -> FanoutFloor:
    """Per message (number → when it was published) the time until the last bare desk
    committed it; a message missing on any of them is lost, not timed."""
    every, lost = [], 0
    for number, at in sent.items():
        committed = [desk.committed.get(number) for desk in told]
        if None in committed:
            lost += 1
        else:
            every.append(max(t for t in committed if t is not None) - at)
    applied = sum(len(desk.committed) for desk in told)
    batches = sum(desk.batches for desk in told)
    cpu = [desk.cpu / len(desk.committed) for desk in told if desk.committed]
    return FanoutFloor(
        every_desk=Percentiles.of(every),
        desk_cpu=sum(cpu) / len(cpu) if cpu else 0.0,
        per_batch=applied / batches if batches else 0.0,
        sent=len(sent),
        lost=lost,
    )
