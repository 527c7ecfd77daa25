"""The gateway's durable spool: signed webhook bodies kept on its own disk until the hub has
their events.

Meta is answered 200 once a verified body is here, flushed to disk; the hub may be down for
hours meanwhile, and Meta never retries or disables the webhook for it. `SpoolDrain` publishes
the bodies in arrival order and removes each only once the hub acknowledged all of its events.

A small SQLite file (stdlib `sqlite3`, WAL) in the gateway's state folder, apart from
`gateway-state.sqlite3` so that a backlog of webhooks never slows the send log. Appends are
committed in groups: whatever POSTs arrive while one flush runs share the next one, so a
burst of webhooks costs a few disk flushes, not one each. Writes (appends, and removals, which
the next flush carries) run on one worker thread and reads on another, with a connection
each, so the drain never waits behind a flush and the event loop never waits on the disk.

The bodies are customers' messages, so each is sealed (ChaCha20-Poly1305) under a key derived
from the gateway's device keys, and the file is the owner's only (mode 0600): a copy of the
state folder without the keys (kept in a systemd credential, say) shows no message.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.crypto import labels
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import NONCE_LEN, aead_open, aead_seal, hkdf

log = logging.getLogger(__name__)
T = TypeVar("T")

FILE_NAME = "gateway-spool.sqlite3"
KEEP_FREE_BYTES = 64 * 1024 * 1024
"""Disk space the spool leaves free: the send log and the author-chain head in the same folder
must still be written while webhooks pile up, or replies stop too."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS body (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    raw BLOB NOT NULL
) STRICT;
"""


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
        self._db: sqlite3.Connection | None = None
        self._read_db: sqlite3.Connection | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._reader: ThreadPoolExecutor | None = None
        self._waiting: list[tuple[bytes, asyncio.Future[None]]] = []
        self._removals: list[tuple[list[int], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._added = asyncio.Event()
        self.flushes = 0
        """Group commits so far (each one disk flush)."""

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    async def open(self) -> None:
        """Open (or create) the spool file; what it holds is drained after a restart."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gateway-spool")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gateway-spool-read")
        await self._run(self._open_sync)
        await self._read(self._open_reader_sync)

    async def close(self) -> None:
        """Finish the flush under way (its POSTs are answered), then close the file."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._writer)
        if self._reader is not None:
            await self._read(self._close_reader_sync)
            self._reader.shutdown(wait=True)
            self._reader = None
        if self._executor is None:
            return
        await self._run(self._close_sync)
        self._executor.shutdown(wait=True)
        self._executor = None

    async def append(self, raw: bytes) -> None:
        """Store one body durably; returns once it is flushed to disk with others.

        Raises:
            SpoolFull: The disk is (nearly) full; nothing was stored.
            RuntimeError: The spool is closed.
        """
        if self._executor is None:
            raise RuntimeError("the spool is closed")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((raw, future))
        self._wake_writer()
        await future

    async def wait_added(self) -> None:
        """Wait until a body is appended after the last call to `take` found none."""
        await self._added.wait()

    async def take(self, after: int, limit: int) -> list[Spooled]:
        """The oldest bodies after id `after`, at most `limit`, in arrival order."""
        taken = await self._read(self._take_sync, after, limit)
        if not taken:
            self._added.clear()
            # Appended between the read and the clear: look once more before sleeping.
            taken = await self._read(self._take_sync, after, limit)
        return taken

    def remove(self, ids: list[int]) -> asyncio.Future[None]:
        """Forget bodies whose events the hub holds, with the next write; returns at once.

        Not flushed on its own (the next append's flush carries it): a removal lost in a crash
        only publishes the body again, which the desks fold into one copy.

        Returns:
            What settles once the removal is committed (or raises why it was not).
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._removals.append((ids, future))
        self._wake_writer()
        return future

    async def count(self) -> int:
        """Bodies waiting."""
        return await self._read(self._count_sync)

    def _wake_writer(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_groups(), name="gateway-spool")

    async def _write_groups(self) -> None:
        """Commit whatever waits, in one transaction and one flush, until nothing does."""
        while self._waiting or self._removals:
            if self._removals:  # first: on a full disk, what they free lets appends in
                await self._remove_group()
            if not self._waiting:
                continue
            group, self._waiting = self._waiting, []
            try:
                await self._run(self._append_sync, [raw for raw, _ in group])
            except (sqlite3.Error, OSError) as exc:
                log.warning("webhook spool not written (%s): Meta retries", type(exc).__name__)
                for _, future in group:
                    if not future.done():
                        future.set_exception(SpoolFull(type(exc).__name__))
                        future.exception()  # a POST whose caller hung up: no stray log
                continue
            self.flushes += 1
            self._added.set()
            for _, future in group:
                if not future.done():
                    future.set_result(None)

    async def _remove_group(self) -> None:
        removals, self._removals = self._removals, []
        try:
            await self._run(self._remove_sync, [i for ids, _ in removals for i in ids])
        except (sqlite3.Error, OSError) as exc:
            for _, future in removals:
                future.set_exception(exc)
            return
        for _, future in removals:
            future.set_result(None)

    async def _run(self, call: Callable[..., T], *args: object) -> T:
        if self._executor is None:
            raise RuntimeError("the spool is closed")
        return await asyncio.get_running_loop().run_in_executor(self._executor, call, *args)

    async def _read(self, call: Callable[..., T], *args: object) -> T:
        if self._reader is None:
            raise RuntimeError("the spool is closed")
        return await asyncio.get_running_loop().run_in_executor(self._reader, call, *args)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the spool is closed")
        return self._db

    def _open_sync(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Private from its first byte: it holds customers' messages until they are sealed.
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # 200 goes to Meta only once it is on disk
        db.executescript(_SCHEMA)
        self._db = db

    def _open_reader_sync(self) -> None:
        self._read_db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)

    def _close_reader_sync(self) -> None:
        if self._read_db is not None:
            self._read_db.close()
            self._read_db = None

    def _reading(self) -> sqlite3.Connection:
        if self._read_db is None:
            raise RuntimeError("the spool is closed")
        return self._read_db

    def _close_sync(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _append_sync(self, bodies: list[bytes]) -> None:
        size = sum(len(raw) for raw in bodies)
        stats = os.statvfs(self.directory)
        if stats.f_bavail * stats.f_frsize < size + self._keep_free:
            raise OSError(errno.ENOSPC, "the spool keeps disk space free for the state")
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO body (raw) VALUES (?)", [(self._seal(r),) for r in bodies])
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _take_sync(self, after: int, limit: int) -> list[Spooled]:
        rows = self._reading().execute(
            "SELECT id, raw FROM body WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
        )
        return [Spooled(row[0], self._open_body(row[0], row[1])) for row in rows]

    def _seal(self, raw: bytes) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return nonce + aead_seal(self._key, nonce, raw, b"")

    def _open_body(self, row_id: int, sealed: bytes) -> bytes:
        """The body, or b"" (not JSON: dropped by the drain) if it does not open."""
        raw = aead_open(self._key, sealed[:NONCE_LEN], sealed[NONCE_LEN:], b"")
        if raw is None:
            log.error("spooled webhook %d does not open (damaged, or another key): dropped", row_id)
            return b""
        return raw

    def _remove_sync(self, ids: list[int]) -> None:
        db = self._conn()
        db.execute("PRAGMA synchronous=NORMAL")  # the next append's flush carries it
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM body WHERE id = ?", [(i,) for i in ids])
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        finally:
            db.execute("PRAGMA synchronous=FULL")

    def _count_sync(self) -> int:
        row = self._reading().execute("SELECT count(*) FROM body").fetchone()
        return int(row[0])
