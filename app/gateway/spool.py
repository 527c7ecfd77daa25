"""The gateway's durable spool: signed webhook bodies kept on its own disk until the hub has
their events.

Meta is answered 200 once a verified body is here, flushed to disk; the hub may be down for
hours meanwhile, and Meta never retries or disables the webhook for it. `SpoolDrain` publishes
the bodies in arrival order and removes each only once the hub acknowledged all of its events.

A small SQLite file (stdlib `sqlite3`, WAL) in the gateway's state folder, apart from
`gateway-state.sqlite3` so that a backlog of webhooks never slows the send log. Appends are
committed in groups: whatever POSTs arrive while one flush runs share the next one, so a
burst of webhooks costs a few disk flushes, not one each. Writes (appends, and removals, which
the next flush carries) are made by a process of its own (`spool_writer`, `spool_process`),
so they take none of the event loop's time; reads run on a thread, with a connection of
their own, so the drain never waits behind a flush and the event loop never waits on the disk.

While the drain keeps up, it is handed the bodies it would read back from memory: the newest
bodies stay in memory (up to `FRESH_BYTES`) from their flush until they are removed, so a
body costs no read, no thread hop and no opening of its seal on its way to the hub. A backlog
beyond that (the hub away) is read from disk, in the same order.

The bodies are customers' messages, so each is sealed (ChaCha20-Poly1305) under a key derived
from the gateway's device keys, and the file is the owner's only (mode 0600): a copy of the
state folder without the keys (kept in a systemd credential, say) shows no message.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.crypto import labels
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import aead_open, hkdf
from app.gateway.spool_process import NONCE_LEN, SCHEMA
from app.gateway.spool_writer import Round, SpoolWriter

log = logging.getLogger(__name__)
T = TypeVar("T")

FILE_NAME = "gateway-spool.sqlite3"
KEEP_FREE_BYTES = 64 * 1024 * 1024
"""Disk space the spool leaves free: the send log and the author-chain head in the same folder
must still be written while webhooks pile up, or replies stop too."""
_UNKNOWN = 2**63
"""`_fresh_from` while no round since a lost writer told where new ids start."""
FRESH_BYTES = 8 * 1024 * 1024
"""Bodies kept in memory for the drain, from their flush until their removal: thousands of
Meta's webhooks of a few kilobytes, a few seconds at full rate; more waits on disk only."""


def spool_key(keys: DeviceKeys) -> bytes:
    """The key the spool's bodies are sealed under at rest, from the gateway's device keys."""
    return hkdf(keys.private_bytes(), labels.GATEWAY_SPOOL)


class SpoolFull(Exception):
    """The spool could not store a body (the disk is full): Meta must retry it."""


@dataclass(frozen=True, slots=True)
class Spooled:
    """One signed webhook body, as Meta sent it, and its place in arrival order."""

    id: int
    raw: bytes


class Spool:
    """A durable first-in first-out queue of signed webhook bodies."""

    def __init__(self, directory: Path, key: bytes, *, keep_free: int = KEEP_FREE_BYTES) -> None:
        """Prepare a closed spool; `open` it inside the running loop.

        Args:
            directory: The gateway's state folder.
            key: Seals the bodies at rest (`spool_key`).
            keep_free: Bytes of disk the spool leaves free.
        """
        self.directory = directory
        self._key = key
        self._keep_free = keep_free
        self._read_db: sqlite3.Connection | None = None
        self._writer: SpoolWriter | None = None
        self._reader: ThreadPoolExecutor | None = None
        self._added = asyncio.Event()
        self._fresh: dict[int, bytes] = {}
        """The newest bodies by id, from their flush until their removal."""
        self._fresh_bytes = 0
        self._fresh_from = 0
        """Every body still spooled with this id or a higher one is in `_fresh`."""
        self._pending: list[tuple[bytes, asyncio.Future[None]]] = []
        """Bodies added in this round of the loop, for the writer once it ends."""
        self._removing: set[int] = set()
        """Ids handed to the writer for removal and not yet committed: never taken again."""
        self.flushes = 0
        """Loop rounds of bodies flushed so far (the writer may flush several at once)."""

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    @property
    def writer_pid(self) -> int | None:
        """The process that writes the file, while there is one."""
        return None if self._writer is None else self._writer.pid

    async def open(self) -> None:
        """Open (or create) the spool file; what it holds is drained after a restart."""
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gateway-spool-read")
        await self._read(self._open_sync)
        await self._read(self._open_reader_sync)
        self._fresh_from = await self._read(self._next_id_sync)
        writer = SpoolWriter(
            self.path, self._key, self._keep_free, self._committed, self._writer_lost
        )
        try:
            await writer.start()
        except BaseException:
            await self._read(self._close_sync)
            raise
        self._writer = writer

    async def close(self) -> None:
        """Finish the flush under way (its POSTs are answered), then close the file."""
        if self._writer is not None:
            self._hand_pending()
            await self._writer.stop()
            self._writer = None
        if self._reader is None:
            return
        await self._read(self._close_sync)
        self._reader.shutdown(wait=True)
        self._reader = None

    async def append(self, raw: bytes) -> None:
        """Store one body durably; returns once it is flushed to disk with others.

        Raises:
            SpoolFull: The disk is (nearly) full; nothing was stored.
            RuntimeError: The spool is closed.
        """
        await self.add(raw)

    def add(self, raw: bytes) -> asyncio.Future[None]:
        """`append` for a caller that takes a callback (the webhook's fast lane): what
        settles once the body is on disk (or raises `SpoolFull`).

        Raises:
            RuntimeError: The spool is closed.
        """
        if self._writer is None or not self._writer.running:
            raise RuntimeError("the spool is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        if not self._pending:  # the writer gets this loop round's bodies at once, in order
            loop.call_soon(self._hand_pending)
        self._pending.append((raw, future))
        return future

    def _hand_pending(self) -> None:
        pending, self._pending = self._pending, []
        if pending and self._writer is not None:
            self._writer.append(pending)

    async def wait_added(self) -> None:
        """Wait until a body is appended after the last call to `take` found none."""
        await self._added.wait()

    async def take(self, after: int, limit: int, max_bytes: int | None = None) -> list[Spooled]:
        """The oldest bodies after id `after`, at most `limit`, in arrival order; with
        `max_bytes`, no more of them than fit in that many bytes (but at least one)."""
        if after + 1 >= self._fresh_from:  # all of them are in memory
            newer = (Spooled(i, raw) for i, raw in self._fresh.items() if i > after)
            taken = _within(itertools.islice(newer, limit), max_bytes)
            if not taken:
                self._added.clear()
            return taken
        taken = await self._take_stored(after, limit, max_bytes)
        if not taken:
            self._added.clear()
            # Appended between the read and the clear: look once more before sleeping.
            taken = await self._take_stored(after, limit, max_bytes)
        return taken

    async def _take_stored(self, after: int, limit: int, max_bytes: int | None) -> list[Spooled]:
        """`take` from disk, stepping over bodies whose removal waits for the next write (a
        removal lingers for an append to ride with: see `spool_writer`)."""
        while True:
            stored = await self._read(self._take_sync, after, limit, max_bytes)
            taken = [body for body in stored if body.id not in self._removing]
            if taken or not stored:
                return taken
            after = stored[-1].id

    def remove(self, ids: list[int]) -> asyncio.Future[None]:
        """Forget bodies whose events the hub holds, with the next write; returns at once.

        Not flushed on its own (the next append's flush carries it, or a transaction of its
        own after `REMOVAL_LINGER_S`): a removal lost in a crash only publishes the body
        again, which the desks fold into one copy.

        Returns:
            What settles once the removal is committed (or raises why it was not).
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._removing.update(ids)
        for i in ids:
            raw = self._fresh.pop(i, None)
            if raw is not None:
                self._fresh_bytes -= len(raw)
        if self._writer is None or not self._writer.running:
            future.set_exception(RuntimeError("the spool is closed"))
        else:
            self._writer.remove(ids, future)
        return future

    async def count(self) -> int:
        """Bodies waiting."""
        return await self._read(self._count_sync)

    def _committed(self, round_: Round) -> None:
        """On the loop, after the writer's round: answer its callers."""
        for ids, future in round_.removals:
            self._removing.difference_update(ids)  # committed, or read (and published) again
            if future.done():  # its caller stopped waiting
                continue
            if round_.removed is not None:
                future.set_exception(round_.removed)
            else:
                future.set_result(None)
        if not round_.appends:
            return
        if round_.refused is not None:
            reason = type(round_.refused).__name__
            log.warning("webhook spool not written (%s): Meta retries", reason)
            for _, future in round_.appends:
                if not future.done():
                    future.set_exception(SpoolFull(reason))
                    future.exception()  # a POST whose caller hung up: no stray log
            return
        self.flushes += 1
        self._keep_fresh(round_)
        self._added.set()
        for _, future in round_.appends:
            if not future.done():
                future.set_result(None)

    def _writer_lost(self) -> None:
        """A writer ended while the gateway ran: what it committed without answering is on
        disk under ids the memory copy does not know, so bodies are read from disk until the
        next answered round says where new ids start."""
        self._fresh.clear()
        self._fresh_bytes = 0
        self._fresh_from = _UNKNOWN
        self._added.set()  # the drain looks (on disk) now, not at the next append

    def _keep_fresh(self, round_: Round) -> None:
        """Keep the round's bodies for the drain, or, past FRESH_BYTES, leave them to be read
        from disk (with everything before them)."""
        first = round_.last_id - len(round_.appends) + 1
        size = sum(len(raw) for raw, _ in round_.appends)
        if self._fresh_from == _UNKNOWN:  # the first round after a lost writer
            self._fresh_from = first
        if self._fresh_bytes + size > FRESH_BYTES:
            self._fresh.clear()
            self._fresh_bytes = 0
            self._fresh_from = round_.last_id + 1
            return
        for offset, (raw, _) in enumerate(round_.appends):
            self._fresh[first + offset] = raw
        self._fresh_bytes += size

    async def _read(self, call: Callable[..., T], *args: object) -> T:
        if self._reader is None:
            raise RuntimeError("the spool is closed")
        return await asyncio.get_running_loop().run_in_executor(self._reader, call, *args)

    def _open_sync(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Private from its first byte: it holds customers' messages until they are sealed.
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file: the writer's too
            db.executescript(SCHEMA)

    def _open_reader_sync(self) -> None:
        self._read_db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)

    def _next_id_sync(self) -> int:
        """The id the next body gets at the least: AUTOINCREMENT never gives one twice."""
        row = (
            self._reading()
            .execute("SELECT seq FROM sqlite_sequence WHERE name = 'body'")
            .fetchone()
        )
        return (int(row[0]) if row else 0) + 1

    def _reading(self) -> sqlite3.Connection:
        if self._read_db is None:
            raise RuntimeError("the spool is closed")
        return self._read_db

    def _close_sync(self) -> None:
        if self._read_db is not None:
            self._read_db.close()
        self._read_db = None

    def _take_sync(self, after: int, limit: int, max_bytes: int | None) -> list[Spooled]:
        rows = self._reading().execute(
            "SELECT id, raw FROM body WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
        )
        # Row by row, so a backlog of large bodies is not read past the budget.
        return _within(
            (Spooled(row[0], self._open_body(row[0], row[1])) for row in rows), max_bytes
        )

    def _open_body(self, row_id: int, sealed: bytes) -> bytes:
        """The body, or b"" (not JSON: dropped by the drain) if it does not open."""
        raw = aead_open(self._key, sealed[:NONCE_LEN], sealed[NONCE_LEN:], b"")
        if raw is None:
            log.error("spooled webhook %d does not open (damaged, or another key): dropped", row_id)
            return b""
        return raw

    def _count_sync(self) -> int:
        row = self._reading().execute("SELECT count(*) FROM body").fetchone()
        return int(row[0])


def _within(bodies: Iterable[Spooled], max_bytes: int | None) -> list[Spooled]:
    """The first of `bodies` that fit in `max_bytes` together (at least one; all if None)."""
    taken: list[Spooled] = []
    size = 0
    for body in bodies:
        size += len(body.raw)
        if taken and max_bytes is not None and size > max_bytes:
            break
        taken.append(body)
    return taken
