"""The gateway's own durable state: what it has sent and where its author chain stands.

The hub is not trusted with either (crypto.md §3.7, §3.9): a hub that deletes its sent-log or
rolls back the inbound subject must not make a reply go out twice or an `author_seq` be reused.
So both live here, in a small SQLite file (stdlib `sqlite3`, WAL, `synchronous=FULL`) that only
this gateway writes. Every call runs on one worker thread, so the event loop never waits on a
disk flush, and calls are applied in the order they were made.

Only ids, hashes, sequence numbers and sealed envelopes are stored, never a message; the one
plaintext is the number's settings (an admin sent them sealed to this gateway), whose access
token and app secret the gateway needs to work: the file is the owner's only (mode 0600).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.aio import cancel_and_wait
from app.gateway.one_thread_file import OneThreadFile

log = logging.getLogger(__name__)

FILE_NAME = "gateway-state.sqlite3"
META_CACHED = 32_768
"""Meta values kept in memory (about 100 bytes each): the automatic answers look up two or
three per customer message, and a thread hop for each cost about 40 µs of the loop's time per
webhook at 2,000 webhooks a second; the customers of a busy day fit."""
META_SAVE_DELAY_S = 1.0
"""How long values noted by `note_meta_many` may wait in memory for the state's next
transaction (which writes them with no flush of its own) before the idle state writes them
alone. Written alone, the automatic answers' records of every batch that sent nothing cost a
disk-flushed transaction and a thread hop each, more of them than run reservations."""
_KEYS_PER_SELECT = 500
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS author_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    author_seq INTEGER NOT NULL,
    envelope_hash BLOB NOT NULL,
    stream_seq INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS pending (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    author_seq INTEGER NOT NULL,
    envelope BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS pending_run (
    author_seq INTEGER PRIMARY KEY,
    envelope BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sent (
    reply_id BLOB PRIMARY KEY,
    request_id BLOB NOT NULL,
    stream_seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    wamid TEXT,
    since REAL
) STRICT;
CREATE TABLE IF NOT EXISTS settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    event_id BLOB NOT NULL,
    issued_at INTEGER NOT NULL,
    plaintext BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS settings_seen (
    event_id BLOB PRIMARY KEY,
    applied INTEGER NOT NULL
) STRICT;
"""


class StateMismatch(Exception):
    """The state directory belongs to another team or gateway identity (or a newer version)."""


class SendState(enum.Enum):
    """How far one requested reply got."""

    CLAIMED = "claimed"
    """Recorded before calling the Graph API: it may have gone out."""
    REPORTED = "reported"
    """Its outcome is in the team log."""
    UNKNOWN = "unknown"
    """Reported as unknown (the send's answer was lost): a status from Meta may settle it."""
    UNCONFIRMED = "unconfirmed"
    """Unknown, and reported as unconfirmed after no status came in time; a late status from
    Meta still settles it."""


@dataclass(frozen=True, slots=True)
class OwnHead:
    """The newest envelope of the gateway's author chain that the hub acknowledged."""

    author_seq: int
    envelope_hash: bytes = field(repr=False)
    stream_seq: int
    """Where the hub stored it (a hint for where to start reading; never trusted alone)."""


@dataclass(frozen=True, slots=True)
class SentEntry:
    """The local send log's record of one requested reply."""

    request_id: bytes
    """The type-3 envelope's event id (inside the verified header)."""
    stream_seq: int
    """Where the request was when it was claimed: a copy elsewhere is a replay."""
    state: SendState
    wamid: str | None = None
    """Meta's id for it, learned from a status (matched by its callback data) before the
    send's own answer was reported."""
    since: float | None = None
    """When it was reported unknown (Unix seconds), for UNKNOWN and UNCONFIRMED."""


@dataclass(frozen=True, slots=True)
class StoredSettings:
    """The number settings in use: the admin's request, as its event plaintext."""

    event_id: bytes
    issued_at: int
    plaintext: bytes = field(repr=False)


class GatewayState(OneThreadFile):
    """The local store. `open` before use, `close` after; calls are serialised."""

    _THREAD = "gateway-state"

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.head: OwnHead | None = None
        """The author-chain head as last stored (kept in step by `advance`)."""
        self._unsaved_head: OwnHead | None = None
        self.pending_run: list[tuple[int, bytes]] = []
        """(author_seq, sealed envelope) of each envelope reserved but not yet acknowledged
        by the hub, in author order."""
        self._meta_cache: OrderedDict[str, bytes | None] = OrderedDict()
        """Meta values read or written lately (None: known absent). Only this gateway writes
        the file, and every write goes through `save_meta*` or `note_meta_many`, so the copy
        stays true."""
        self._unsaved_meta: dict[str, bytes] = {}
        """Values noted by `note_meta_many` and not yet written: newer than the file, so reads
        look here first (the cache may have dropped them)."""
        self._meta_saver: asyncio.Task[None] | None = None
        """Writes the noted values once the state stayed idle for META_SAVE_DELAY_S."""

    async def open(self, team_id: bytes, device_id: bytes) -> None:
        """Create or open the store, refusing one of another team or identity.

        Raises:
            StateMismatch: The directory holds another gateway's state.
            OSError, sqlite3.Error: The directory or file cannot be used.
        """
        await self._start(self._open_sync, team_id, device_id)

    # -- author chain ---------------------------------------------------------------------------

    @property
    def pending(self) -> tuple[int, bytes] | None:
        """The first envelope reserved and not yet acknowledged, if any."""
        return self.pending_run[0] if self.pending_run else None

    async def reserve(self, author_seq: int, envelope: bytes) -> None:
        """Durably note a sealed envelope before it is published: after a crash it is
        published again byte for byte, never replaced by another envelope with its seq."""
        await self.reserve_run([(author_seq, envelope)])

    async def reserve_run(self, run: list[tuple[int, bytes]]) -> None:
        """`reserve` for consecutive envelopes at once: one transaction, one disk flush."""
        if not run:
            return
        head = self._unsaved_head
        noted = dict(self._unsaved_meta)
        await self._run(self._reserve_sync, run, head, list(noted.items()))
        self._noted_written(noted)
        if self._unsaved_head is head:  # not noted again meanwhile
            self._unsaved_head = None
        kept = [entry for entry in self.pending_run if entry[0] < run[0][0]]
        self.pending_run = kept + run

    async def advance(self, head: OwnHead) -> None:
        """The hub acknowledged `head` (or it was found there): it is the new head, and what
        was reserved up to it is no longer pending."""
        noted = dict(self._unsaved_meta)
        await self._run(self._advance_sync, head, list(noted.items()))
        self._noted_written(noted)
        self.head = head
        self.pending_run = [entry for entry in self.pending_run if entry[0] > head.author_seq]
        if self._unsaved_head is not None and self._unsaved_head.author_seq <= head.author_seq:
            self._unsaved_head = None

    def note_head(self, head: OwnHead) -> None:
        """Like `advance`, but written to disk only with the next `reserve_run` or
        `save_head`: one disk flush per run, not two.

        Safe because the envelopes up to `head` stay reserved on disk until then: after a
        crash the gateway reads `.in` from the head on disk and finds them there.
        """
        self.head = head
        self.pending_run = [entry for entry in self.pending_run if entry[0] > head.author_seq]
        self._unsaved_head = head

    async def save_head(self) -> None:
        """Write a head noted by `note_head` (when idle, and before closing)."""
        if self._unsaved_head is not None:
            await self.advance(self._unsaved_head)

    # -- send log -------------------------------------------------------------------------------

    async def claim(self, reply_id: bytes, request_id: bytes, stream_seq: int) -> SentEntry | None:
        """Durably record that `reply_id` is about to be sent, unless it is recorded already.

        Returns:
            None if recorded now (the caller may send once); otherwise the existing record,
            and the reply must not be sent again.
        """
        return await self._run(self._claim_sync, reply_id, request_id, stream_seq)

    async def mark_reported(self, reply_id: bytes) -> None:
        """The reply's outcome is in the team log."""
        await self._run(self._mark_sync, reply_id)

    async def entry(self, reply_id: bytes) -> SentEntry | None:
        """The send log's record of `reply_id`, if any."""
        return await self._run(self._entry_sync, reply_id)

    async def mark_unknown(self, reply_id: bytes, since: float) -> None:
        """The reply was reported unknown at `since`: its outcome waits for Meta's statuses."""
        await self._run(self._set_state_sync, reply_id, SendState.UNKNOWN, since)

    async def mark_unconfirmed(self, reply_id: bytes) -> None:
        """The desks were told that no status confirmed the reply in time."""
        await self._run(self._set_state_sync, reply_id, SendState.UNCONFIRMED, None)

    async def learn_wamid(self, reply_id: bytes, wamid: str) -> None:
        """Keep Meta's id for a claimed reply, learned from a status before its answer was
        reported: a crash now still reports the reply as accepted, not as unknown."""
        await self._run(self._learn_sync, reply_id, wamid)

    async def unsettled(self) -> list[tuple[bytes, SentEntry]]:
        """(reply id, record) of every reply claimed, unknown or unconfirmed: those whose
        real outcome the desks do not know yet."""
        return await self._run(self._unsettled_sync)

    # -- number settings ------------------------------------------------------------------------

    async def settings(self) -> StoredSettings | None:
        """The settings in use, if an admin sent any that were applied."""
        return await self._run(self._settings_sync)

    async def settings_seen(self, event_id: bytes) -> bool:
        """Whether the settings request `event_id` was handled before (applied or refused)."""
        return await self._run(self._seen_sync, event_id)

    async def keep_settings(self, stored: StoredSettings) -> None:
        """Use these settings from now on (they replace the previous ones)."""
        await self._run(self._keep_sync, stored)

    async def refuse_settings(self, event_id: bytes) -> None:
        """Never try the settings request `event_id` again (Graph refused it)."""
        await self._run(self._refuse_sync, event_id)

    async def connection(self) -> bytes | None:
        """The last connection status reported to the desks (a `GatewayStatus` plaintext)."""
        return await self.meta("connection")

    async def save_connection(self, plaintext: bytes) -> None:
        """Remember the reported status, so a restart neither forgets nor re-reports it."""
        await self.save_meta("connection", plaintext)

    async def meta(self, key: str) -> bytes | None:
        """A small value kept under `key` (the business account id, the templates' digest)."""
        noted = self._unsaved_meta.get(key)
        if noted is not None:
            return noted
        if key in self._meta_cache:
            self._meta_cache.move_to_end(key)
            return self._meta_cache[key]
        value = await self._run(self._meta_sync, key)
        self._remember({key: value})
        return self._unsaved_meta.get(key, value)  # noted while the file was read: newer

    async def meta_many(self, keys: Iterable[str]) -> dict[str, bytes | None]:
        """`meta` for several keys, those not in memory read in one go."""
        found: dict[str, bytes | None] = {}
        missing = []
        for key in dict.fromkeys(keys):
            if key in self._unsaved_meta:
                found[key] = self._unsaved_meta[key]
            elif key in self._meta_cache:
                found[key] = self._meta_cache[key]
            else:
                missing.append(key)
        if missing:
            read = await self._run(self._meta_many_sync, missing)
            self._remember(read)
            found.update((key, self._unsaved_meta.get(key, value)) for key, value in read.items())
        return found

    async def save_meta(self, key: str, value: bytes) -> None:
        await self.save_meta_many({key: value})

    async def save_meta_many(self, values: dict[str, bytes]) -> None:
        """Store several meta values in one transaction (one disk flush), with any noted."""
        if values:
            noted = dict(self._unsaved_meta)
            await self._run(self._set_meta_sync, [*noted.items(), *values.items()])
            self._noted_written(noted)
            self._remember(values)

    def note_meta_many(self, values: Mapping[str, bytes]) -> None:
        """`save_meta_many` without a disk flush of its own: read back at once, written with
        the state's next transaction (a reservation, an acknowledged head, saved values), or
        alone once the state stayed idle for META_SAVE_DELAY_S, and before `close`.

        Only for values a crash may lose: those that guard no send (see `MetaBatch.commit`).
        A write that fails keeps them noted for the next.

        Raises:
            RuntimeError: The state is not open.
        """
        if not values:
            return
        if self._calls is None:
            raise RuntimeError(f"{self._THREAD} is not open")
        self._unsaved_meta.update(values)
        for key, value in values.items():
            self._meta_cache[key] = value
            self._meta_cache.move_to_end(key)
        self._trim_cache()
        if self._meta_saver is None or self._meta_saver.done():
            self._meta_saver = asyncio.create_task(self._save_noted_idle(), name="gateway-meta")

    async def close(self) -> None:
        """Write the values still noted, then close the file; idempotent."""
        await cancel_and_wait(self._meta_saver)
        if self._unsaved_meta and self._db is not None:
            try:
                await self._save_noted()
            except (OSError, sqlite3.Error) as exc:
                log.warning("noted state values lost at close: %s", type(exc).__name__)
        await super().close()
        await cancel_and_wait(self._meta_saver)  # one a note started while this closed
        self._meta_saver = None

    async def _save_noted_idle(self) -> None:
        """One timer for the idle spell, not one per note: a reservation usually carries the
        values first, and then there is nothing left to write."""
        while self._unsaved_meta:
            await asyncio.sleep(META_SAVE_DELAY_S)  # a pause, not a wait for a condition
            try:
                await self._save_noted()
            except (OSError, sqlite3.Error) as exc:  # kept noted: tried again after the pause
                log.warning("noted state values not saved yet: %s", type(exc).__name__)

    async def _save_noted(self) -> None:
        noted = dict(self._unsaved_meta)
        if noted:
            await self._run(self._set_meta_sync, list(noted.items()))
            self._noted_written(noted)

    def _noted_written(self, written: dict[str, bytes]) -> None:
        """`written` is on disk: forget those values as unsaved, unless noted again since."""
        for key, value in written.items():
            if self._unsaved_meta.get(key) is value:
                del self._unsaved_meta[key]

    def _remember(self, values: Mapping[str, bytes | None]) -> None:
        for key, value in values.items():
            if key in self._unsaved_meta:  # noted since: newer than what was read or saved
                continue
            self._meta_cache[key] = value
            self._meta_cache.move_to_end(key)
        self._trim_cache()

    def _trim_cache(self) -> None:
        while len(self._meta_cache) > META_CACHED:
            self._meta_cache.popitem(last=False)

    # -- the worker thread ----------------------------------------------------------------------

    def _open_sync(self, team_id: bytes, device_id: bytes) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Made private before SQLite writes to it: its WAL and shm files take this mode too.
        os.close(os.open(self.directory / FILE_NAME, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.directory / FILE_NAME, 0o600)
        db = sqlite3.connect(self.directory / FILE_NAME, isolation_level=None)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a claim must survive a power cut
        with _transaction(db):
            _create(db)
            identity = {"version": _SCHEMA_VERSION.to_bytes(4, "big"), "team": team_id}
            identity["device"] = device_id
            for key, value in identity.items():
                row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES (?, ?)", (key, value))
                elif bytes(row[0]) != value:
                    raise StateMismatch(f"{self.directory} holds the state of another {key}")
            # A state written before runs were reserved holds at most one envelope here.
            db.execute("INSERT OR IGNORE INTO pending_run SELECT author_seq, envelope FROM pending")
            db.execute("DELETE FROM pending")
        os.chmod(self.directory / FILE_NAME, 0o600)
        row = db.execute("SELECT author_seq, envelope_hash, stream_seq FROM author_head").fetchone()
        self.head = OwnHead(row[0], bytes(row[1]), row[2]) if row else None
        rows = db.execute("SELECT author_seq, envelope FROM pending_run ORDER BY author_seq")
        self.pending_run = [(row[0], bytes(row[1])) for row in rows]

    def _reserve_sync(
        self, run: list[tuple[int, bytes]], head: OwnHead | None, noted: list[tuple[str, bytes]]
    ) -> None:
        db = self._conn()
        with _transaction(db):
            if head is not None:
                db.execute(_WRITE_HEAD, (head.author_seq, head.envelope_hash, head.stream_seq))
            _write_meta(db, noted)
            # Whatever was reserved from the run's first seq on was never acknowledged and is
            # replaced (an envelope the hub may hold is always kept: see `InboundPublisher`);
            # what the head covers is acknowledged. One statement for both: at live rates a
            # run is one envelope, and each statement is a good part of the thread's work.
            acknowledged = head.author_seq if head is not None else 0
            db.execute(_DROP_PENDING, (acknowledged, run[0][0]))
            if len(run) == 1:
                db.execute(_RESERVE, run[0])
            else:
                db.executemany(_RESERVE, run)

    def _advance_sync(self, head: OwnHead, noted: list[tuple[str, bytes]]) -> None:
        db = self._conn()
        with _transaction(db):
            self._write_head(db, head)
            _write_meta(db, noted)

    @staticmethod
    def _write_head(db: sqlite3.Connection, head: OwnHead) -> None:
        db.execute(_WRITE_HEAD, (head.author_seq, head.envelope_hash, head.stream_seq))
        db.execute("DELETE FROM pending_run WHERE author_seq <= ?", (head.author_seq,))

    def _claim_sync(self, reply_id: bytes, request_id: bytes, stream_seq: int) -> SentEntry | None:
        db = self._conn()
        with _transaction(db):
            existing = self._entry_sync(reply_id)
            if existing is not None:
                return existing
            db.execute(
                "INSERT INTO sent (reply_id, request_id, stream_seq, state) VALUES (?, ?, ?, ?)",
                (reply_id, request_id, stream_seq, SendState.CLAIMED.value),
            )
        return None

    def _mark_sync(self, reply_id: bytes) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute(
                "UPDATE sent SET state = ? WHERE reply_id = ?",
                (SendState.REPORTED.value, reply_id),
            )

    def _entry_sync(self, reply_id: bytes) -> SentEntry | None:
        query = f"SELECT {_ENTRY_COLUMNS} FROM sent WHERE reply_id = ?"
        row = self._conn().execute(query, (reply_id,)).fetchone()
        return _entry(row) if row else None

    def _set_state_sync(self, reply_id: bytes, state: SendState, since: float | None) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute(
                "UPDATE sent SET state = ?, since = coalesce(?, since) WHERE reply_id = ?",
                (state.value, since, reply_id),
            )

    def _learn_sync(self, reply_id: bytes, wamid: str) -> None:
        db = self._conn()
        with _transaction(db):
            query = "UPDATE sent SET wamid = ? WHERE reply_id = ? AND wamid IS NULL"
            db.execute(query, (wamid, reply_id))

    def _unsettled_sync(self) -> list[tuple[bytes, SentEntry]]:
        states = (SendState.CLAIMED.value, SendState.UNKNOWN.value, SendState.UNCONFIRMED.value)
        query = f"SELECT reply_id, {_ENTRY_COLUMNS} FROM sent WHERE state IN (?, ?, ?)"
        return [(bytes(row[0]), _entry(row[1:])) for row in self._conn().execute(query, states)]

    def _meta_sync(self, key: str) -> bytes | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def _meta_many_sync(self, keys: list[str]) -> dict[str, bytes | None]:
        found: dict[str, bytes | None] = dict.fromkeys(keys)
        for start in range(0, len(keys), _KEYS_PER_SELECT):
            chunk = keys[start : start + _KEYS_PER_SELECT]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM meta WHERE key IN ({marks})"
            found.update((row[0], bytes(row[1])) for row in self._conn().execute(query, chunk))
        return found

    def _set_meta_sync(self, values: list[tuple[str, bytes]]) -> None:
        db = self._conn()
        with _transaction(db):
            _write_meta(db, values)

    def _settings_sync(self) -> StoredSettings | None:
        query = "SELECT event_id, issued_at, plaintext FROM settings WHERE id = 1"
        row = self._conn().execute(query).fetchone()
        return StoredSettings(bytes(row[0]), row[1], bytes(row[2])) if row else None

    def _seen_sync(self, event_id: bytes) -> bool:
        query = "SELECT 1 FROM settings_seen WHERE event_id = ?"
        return self._conn().execute(query, (event_id,)).fetchone() is not None

    def _keep_sync(self, stored: StoredSettings) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute(
                "INSERT OR REPLACE INTO settings VALUES (1, ?, ?, ?)",
                (stored.event_id, stored.issued_at, stored.plaintext),
            )
            db.execute("INSERT OR REPLACE INTO settings_seen VALUES (?, 1)", (stored.event_id,))

    def _refuse_sync(self, event_id: bytes) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute("INSERT OR IGNORE INTO settings_seen VALUES (?, 0)", (event_id,))


def _create(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    # Added to the send log later: a state file written before gains them (left NULL).
    columns = {row[1] for row in db.execute("PRAGMA table_info(sent)")}
    for name, kind in _LATER_SENT_COLUMNS:
        if name not in columns:
            db.execute(f"ALTER TABLE sent ADD COLUMN {name} {kind}")


def _write_meta(db: sqlite3.Connection, values: list[tuple[str, bytes]]) -> None:
    """Meta values in order (a later one for the same key wins), inside a transaction."""
    if values:
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values)


_WRITE_HEAD = "INSERT OR REPLACE INTO author_head VALUES (1, ?, ?, ?)"
_DROP_PENDING = "DELETE FROM pending_run WHERE author_seq <= ? OR author_seq >= ?"
"""The envelopes a head acknowledges, and those a new run replaces (never acknowledged)."""
_RESERVE = "INSERT INTO pending_run VALUES (?, ?)"
_LATER_SENT_COLUMNS = (("wamid", "TEXT"), ("since", "REAL"))
_ENTRY_COLUMNS = "request_id, stream_seq, state, wamid, since"


def _entry(row: Sequence[Any]) -> SentEntry:
    """A `sent` row read as `_ENTRY_COLUMNS`."""
    since = None if row[4] is None else float(row[4])
    return SentEntry(bytes(row[0]), int(row[1]), SendState(row[2]), row[3], since)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
