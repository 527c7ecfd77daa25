"""A snapshot over the hub (security.md 2.12 part 4): packed, stored, fetched and fed to a reader.

`upload_pack` streams this desk's stored log, page by page, through a `PackWriter` and a
`StreamSealer` into the team's object store, one chunk at a time: a pack of 100,000 records
(about 56 MB) is never held whole. `pack_batches` does the reverse for the newcomer while it
downloads: open each chunk, cut the records out, hand them on in batches. `PackTransport` makes
those batches look like the hub's log to a `SyncEngine`, so the snapshot is checked and applied
by the very reader and apply path a replay uses, pipelined the same way.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

from app.aio import cancel_and_wait
from app.crypto.primitives import Rng
from app.crypto.snapshot import PackedRecord, PackParser, PackWriter, SnapshotOffer
from app.crypto.stream import (
    MAX_SIZE,
    MediaRef,
    StreamOpener,
    StreamSealer,
    ciphertext_size,
    new_object_name,
)
from app.sync.transport import (
    Follower,
    LogRecord,
    MediaStore,
    OnBatch,
    PublishAck,
    TransportError,
)

log = logging.getLogger(__name__)

PAGE = 2048
"""Records read from the replica per query while packing (about 1 MB of envelopes)."""
BATCH = 256
"""Records per batch handed to the engine: the size of the transport's own batches."""
PACK_MIME = "application/x-switchboard-pack"

Page = Callable[[int, int], Awaitable[list[tuple[int, str, bytes]]]]
"""`page(after, limit)`: stored records after a sequence, in stream order (the replica's)."""


@dataclass(frozen=True, slots=True)
class Packed:
    """A pack in the object store: the offer to seal, and what it took."""

    offer: SnapshotOffer
    records: int


async def upload_pack(store: MediaStore, page: Page, up_to: int, rng: Rng = os.urandom) -> Packed:
    """Pack the stored records up to `up_to` and store them under a fresh random name.

    The pack stops early, at a whole record, if it would outgrow what STREAM seals
    (`MAX_SIZE`): the offer names the newest sequence it holds and the newcomer replays the rest.

    Raises:
        TransportError: The hub refused or did not take the object.
    """
    sealer = StreamSealer(rng)
    writer = PackWriter()
    plain = 0

    async def pieces() -> AsyncIterator[bytes]:
        nonlocal plain
        head = writer.head()
        plain += len(head)
        yield sealer.update(head)
        after = 0
        while after < up_to:
            rows = await page(after, PAGE)
            records = [PackedRecord(seq, subject, data) for seq, subject, data in rows]
            records = [r for r in records if r.seq <= up_to]
            if not records:
                break
            after = records[-1].seq
            kept, encoded = await asyncio.to_thread(_encode_fitting, writer, records, plain)
            plain += len(encoded)
            yield await asyncio.to_thread(sealer.update, encoded)
            if kept < len(records):
                break  # full: the newcomer replays from the last packed record on
        tail = writer.tail()
        plain += len(tail)
        yield sealer.update(tail) + sealer.finish()

    name = new_object_name(rng)
    stored = await store.put(name, pieces())
    offer = SnapshotOffer(name, stored.sha256, plain, writer.last_seq, sealer.file_key)
    return Packed(offer, writer.count)


def _encode_fitting(
    writer: PackWriter, records: list[PackedRecord], plain: int
) -> tuple[int, bytes]:
    """Encode as many of `records` as keep the pack within `MAX_SIZE` (trailer included)."""
    room = MAX_SIZE - plain - PackWriter.TAIL_LEN
    kept = 0
    for record in records:
        room -= PackWriter.record_len(record)
        if room < 0:
            break
        kept += 1
    return kept, writer.records(records[:kept])


async def pack_batches(store: MediaStore, offer: SnapshotOffer) -> AsyncIterator[list[LogRecord]]:
    """The pack's records in batches, opened chunk by chunk as they download.

    Nothing is yielded that STREAM did not authenticate under the offer's key; the whole
    ciphertext's size and SHA-256 are checked at the end (and the hub's digest on the way).

    Raises:
        EnvelopeRejected: Malformed or Undecryptable, with a reason code: a wrong key,
            tampered or cut ciphertext, a wrong hash, or a pack that is not well formed.
        TransportError: The object is missing or the hub did not answer.
    """
    ref = MediaRef(offer.object_name, offer.key, offer.ciphertext_sha256, offer.size, PACK_MIME, "")
    opener = StreamOpener.for_ref(ref)
    parser = PackParser(offer.up_to)
    pending: list[LogRecord] = []
    async for piece in store.stream(offer.object_name, max_bytes=ciphertext_size(offer.size)):
        pending += await asyncio.to_thread(_open_piece, opener, parser, piece)
        while len(pending) >= BATCH:
            yield pending[:BATCH]
            del pending[:BATCH]
    pending += _records(parser.feed(opener.finish()))
    parser.finish()
    for start in range(0, len(pending), BATCH):
        yield pending[start : start + BATCH]


def _open_piece(opener: StreamOpener, parser: PackParser, piece: bytes) -> list[LogRecord]:
    """Decrypt one downloaded piece and cut out its complete records (off the loop)."""
    return _records(parser.feed(opener.update(piece)))


def _records(packed: list[PackedRecord]) -> list[LogRecord]:
    return [LogRecord(r.seq, r.subject, r.data) for r in packed]


class PackTransport:
    """A `Transport` whose log is a pack: `follow` delivers its batches, then ends.

    Only what the `SyncEngine` asks of a transport while catching up is served; anything else
    (publishing, the hub's keys) is refused: a snapshot is read, never written to.
    """

    def __init__(self, batches: AsyncIterator[list[LogRecord]], up_to: int) -> None:
        self._batches = batches
        self._up_to = up_to
        self.follower: PackFollower | None = None

    def follow(
        self, start_seq: int, on_batch: OnBatch, *, subjects: Sequence[str] | None = None
    ) -> Follower:
        if self.follower is not None:
            raise TransportError("a pack is followed once")
        self.follower = PackFollower(self._batches, start_seq, on_batch)
        return self.follower

    async def last_seq(self) -> int:
        return self._up_to

    async def fetch(self, seq: int) -> LogRecord | None:
        return None

    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        expected_last_subject_seq: int | None = None,
    ) -> PublishAck:
        raise TransportError("a snapshot is not published to")

    async def publish_many(
        self, subject: str, messages: Sequence[tuple[bytes, str]]
    ) -> list[PublishAck | TransportError]:
        raise TransportError("a snapshot is not published to")

    async def count_on_subject(self, subject: str) -> int:
        raise TransportError("a snapshot has no subjects to count")

    async def last_on_subject(self, subject: str) -> LogRecord | None:
        raise TransportError("a snapshot has no subjects to look up")

    async def claim_once(
        self, bucket: str, key: str, token: bytes = b"", *, ttl: float | None = None
    ) -> bool:
        raise TransportError("a snapshot has no buckets")

    async def kv_get(self, bucket: str, key: str) -> bytes | None:
        raise TransportError("a snapshot has no buckets")

    async def kv_put(
        self, bucket: str, key: str, value: bytes, *, ttl: float | None = None
    ) -> None:
        raise TransportError("a snapshot has no buckets")

    async def close(self) -> None:
        if self.follower is not None:
            await self.follower.stop()


class PackFollower:
    """Hands a pack's batches to the engine in order, each awaited (its backpressure)."""

    def __init__(
        self, batches: AsyncIterator[list[LogRecord]], start_seq: int, on_batch: OnBatch
    ) -> None:
        self._next = start_seq
        self.last_seq = 0
        """The newest sequence handed on."""
        self._task = asyncio.create_task(self._run(batches, on_batch), name="snapshot-follow")

    @property
    def next_seq(self) -> int:
        return self._next

    async def _run(self, batches: AsyncIterator[list[LogRecord]], on_batch: OnBatch) -> None:
        async for batch in batches:
            fresh = [r for r in batch if r.seq >= self._next]
            if fresh:
                await on_batch(fresh)
                self._next = fresh[-1].seq + 1
                self.last_seq = fresh[-1].seq

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def wait(self) -> None:
        await asyncio.wait({self._task})
        if not self._task.cancelled() and (error := self._task.exception()) is not None:
            raise error
