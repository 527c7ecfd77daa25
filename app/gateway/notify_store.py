"""The notification API's durable state on the gateway (docs/notifications.md).

A small SQLite file beside the gateway state (`gateway-notify.sqlite3`, 0600, WAL,
`synchronous=FULL`), written on one worker thread so the event loop never waits on a flush:

- `tokens`: the systems' tokens as admins granted and revoked them (`ApiToken` events read
  from `.out`; the checkpoint moves past them, so the gateway must keep what it read).
- `sends`: one row per (token, idempotency key), claimed before Meta is called and answered
  once Meta answered, as the send log does for desks' replies: a claimed key is never sent
  again, whatever the system retries or the gateway restarts.
- `opt_outs`: recipients who stopped marketing, as a keyed hash of their number.
- `bulk`: each bulk request's job id, per (token, idempotency key).

No phone number, name or parameter is stored: recipients appear as `recipient_tag`, an HMAC
under a key that never leaves this file.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.gateway.one_thread_file import OneThreadFile

FILE_NAME = "gateway-notify.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS tokens (
    token_id BLOB PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    revoked INTEGER NOT NULL,
    at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sends (
    token_id BLOB NOT NULL,
    idem_key TEXT NOT NULL,
    digest BLOB NOT NULL,
    recipient BLOB NOT NULL,
    wamid TEXT,
    answer TEXT,
    PRIMARY KEY (token_id, idem_key)
) STRICT;
CREATE INDEX IF NOT EXISTS sends_by_wamid ON sends (wamid) WHERE wamid IS NOT NULL;
CREATE TABLE IF NOT EXISTS opt_outs (recipient BLOB PRIMARY KEY, at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS bulk (
    token_id BLOB NOT NULL,
    idem_key TEXT NOT NULL,
    job_id TEXT NOT NULL UNIQUE,
    digest BLOB NOT NULL,
    total INTEGER NOT NULL,
    PRIMARY KEY (token_id, idem_key)
) STRICT;
"""
_TAG_KEY = "recipient_tag_key"


@dataclass(frozen=True, slots=True)
class StoredToken:
    token_id: bytes
    name: str
    secret_hash: bytes = field(repr=False)
    revoked: bool
    at: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A (token, idempotency key) already seen: what was asked, and Meta's answer if any."""

    digest: bytes
    answer: dict[str, Any] | None
    """None: claimed and not answered (the gateway stopped in between): never sent again."""


@dataclass(frozen=True, slots=True)
class BulkRecord:
    job_id: str
    digest: bytes
    total: int


class NotifyStore(OneThreadFile):
    """The file. `open` before use, `close` after; calls run in order on one thread."""

    _THREAD = "gateway-notify"

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self._tag_key = b""

    async def open(self) -> None:
        await self._start(self._open_sync)

    def recipient_tag(self, wa_id: str) -> bytes:
        """What the file keeps of a recipient's number: an HMAC under this file's own key."""
        return hmac.new(self._tag_key, wa_id.encode(), hashlib.sha256).digest()[:16]

    # -- tokens -----------------------------------------------------------------------------

    async def tokens(self) -> list[StoredToken]:
        return await self._run(self._tokens_sync)

    async def keep_token(self, token: StoredToken) -> bool:
        """Keep a grant or revocation; False when it changes nothing (a revoked id stays so)."""
        return await self._run(self._keep_token_sync, token)

    # -- sends --------------------------------------------------------------------------------

    async def claim(
        self, token_id: bytes, key: str, digest: bytes, recipient: bytes
    ) -> Claim | None:
        """Record the key before sending; None if it is new (go on), else what was recorded."""
        return await self._run(self._claim_sync, token_id, key, digest, recipient)

    async def answer(
        self, token_id: bytes, key: str, answer: dict[str, Any], wamid: str | None = None
    ) -> None:
        await self._run(self._answer_sync, token_id, key, json.dumps(answer), wamid)

    async def release(self, token_id: bytes, key: str) -> None:
        """Forget a claim nothing was sent for (the queue stopped before trying it)."""
        await self._run(self._release_sync, token_id, key)

    async def claimed(self, token_id: bytes, key: str) -> Claim | None:
        return await self._run(self._claimed_sync, token_id, key)

    async def by_wamid(self, wamid: str) -> tuple[bytes, str, bytes] | None:
        """(token id, key, recipient tag) of the notification Meta named `wamid`."""
        return await self._run(self._by_wamid_sync, wamid)

    async def answers_with_prefix(self, token_id: bytes, prefix: str) -> dict[str, Claim]:
        """Every claim of the token whose key starts with `prefix` (a bulk job's items)."""
        return await self._run(self._prefixed_sync, token_id, prefix)

    # -- opt-outs ---------------------------------------------------------------------------

    async def opted_out(self, recipient: bytes) -> bool:
        return await self._run(self._opted_out_sync, recipient)

    async def set_opted_out(self, recipient: bytes, stopped: bool, at: int) -> None:
        await self._run(self._set_opted_out_sync, recipient, stopped, at)

    # -- bulk ------------------------------------------------------------------------------

    async def bulk(self, token_id: bytes, key: str) -> BulkRecord | None:
        return await self._run(self._bulk_sync, token_id, key)

    async def bulk_by_id(self, job_id: str) -> tuple[bytes, BulkRecord] | None:
        return await self._run(self._bulk_by_id_sync, job_id)

    async def add_bulk(self, token_id: bytes, key: str, record: BulkRecord) -> BulkRecord:
        """Keep a new job; if the key already names one, that one is returned instead."""
        return await self._run(self._add_bulk_sync, token_id, key, record)

    # -- the thread's side ----------------------------------------------------------------

    def _open_sync(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.directory / FILE_NAME
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
        db = sqlite3.connect(path, isolation_level=None)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a claim must survive a power cut
        with _transaction(db):
            _create(db)
            row = db.execute("SELECT value FROM meta WHERE key = ?", (_TAG_KEY,)).fetchone()
            if row is None:
                self._tag_key = os.urandom(32)
                db.execute("INSERT INTO meta VALUES (?, ?)", (_TAG_KEY, self._tag_key))
            else:
                self._tag_key = bytes(row[0])

    def _tokens_sync(self) -> list[StoredToken]:
        rows = self._conn().execute(
            "SELECT token_id, name, secret_hash, revoked, at FROM tokens ORDER BY at"
        )
        return [StoredToken(bytes(r[0]), r[1], bytes(r[2]), bool(r[3]), r[4]) for r in rows]

    def _keep_token_sync(self, token: StoredToken) -> bool:
        db = self._conn()
        with _transaction(db):
            row = db.execute(
                "SELECT revoked FROM tokens WHERE token_id = ?", (token.token_id,)
            ).fetchone()
            if row is not None and (bool(row[0]) or not token.revoked):
                return False  # revoked for good, or a copy of the grant
            db.execute(
                "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?, ?)",
                (token.token_id, token.name, token.secret_hash, int(token.revoked), token.at),
            )
            return True

    def _claim_sync(
        self, token_id: bytes, key: str, digest: bytes, recipient: bytes
    ) -> Claim | None:
        db = self._conn()
        with _transaction(db):
            found = self._claimed_sync(token_id, key)
            if found is not None:
                return found
            db.execute(
                "INSERT INTO sends (token_id, idem_key, digest, recipient) VALUES (?, ?, ?, ?)",
                (token_id, key, digest, recipient),
            )
            return None

    def _claimed_sync(self, token_id: bytes, key: str) -> Claim | None:
        row = (
            self._conn()
            .execute(
                "SELECT digest, answer FROM sends WHERE token_id = ? AND idem_key = ?",
                (token_id, key),
            )
            .fetchone()
        )
        return None if row is None else _claim(row)

    def _answer_sync(self, token_id: bytes, key: str, answer: str, wamid: str | None) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute(
                "UPDATE sends SET answer = ?, wamid = coalesce(?, wamid) "
                "WHERE token_id = ? AND idem_key = ?",
                (answer, wamid, token_id, key),
            )

    def _release_sync(self, token_id: bytes, key: str) -> None:
        db = self._conn()
        with _transaction(db):
            db.execute(
                "DELETE FROM sends WHERE token_id = ? AND idem_key = ? AND answer IS NULL",
                (token_id, key),
            )

    def _by_wamid_sync(self, wamid: str) -> tuple[bytes, str, bytes] | None:
        row = (
            self._conn()
            .execute("SELECT token_id, idem_key, recipient FROM sends WHERE wamid = ?", (wamid,))
            .fetchone()
        )
        return None if row is None else (bytes(row[0]), str(row[1]), bytes(row[2]))

    def _prefixed_sync(self, token_id: bytes, prefix: str) -> dict[str, Claim]:
        rows = self._conn().execute(
            "SELECT idem_key, digest, answer FROM sends WHERE token_id = ? "
            "AND substr(idem_key, 1, ?) = ?",
            (token_id, len(prefix), prefix),
        )
        return {str(r[0]): _claim(r[1:]) for r in rows}

    def _opted_out_sync(self, recipient: bytes) -> bool:
        db = self._conn()
        return (
            db.execute("SELECT 1 FROM opt_outs WHERE recipient = ?", (recipient,)).fetchone()
            is not None
        )

    def _set_opted_out_sync(self, recipient: bytes, stopped: bool, at: int) -> None:
        db = self._conn()
        with _transaction(db):
            row = db.execute("SELECT at FROM opt_outs WHERE recipient = ?", (recipient,)).fetchone()
            if stopped:
                db.execute("INSERT OR REPLACE INTO opt_outs VALUES (?, ?)", (recipient, at))
            elif row is not None and row[0] <= at:
                db.execute("DELETE FROM opt_outs WHERE recipient = ?", (recipient,))

    def _bulk_sync(self, token_id: bytes, key: str) -> BulkRecord | None:
        row = (
            self._conn()
            .execute(
                "SELECT job_id, digest, total FROM bulk WHERE token_id = ? AND idem_key = ?",
                (token_id, key),
            )
            .fetchone()
        )
        return None if row is None else BulkRecord(str(row[0]), bytes(row[1]), int(row[2]))

    def _bulk_by_id_sync(self, job_id: str) -> tuple[bytes, BulkRecord] | None:
        row = (
            self._conn()
            .execute("SELECT token_id, digest, total FROM bulk WHERE job_id = ?", (job_id,))
            .fetchone()
        )
        if row is None:
            return None
        return bytes(row[0]), BulkRecord(job_id, bytes(row[1]), int(row[2]))

    def _add_bulk_sync(self, token_id: bytes, key: str, record: BulkRecord) -> BulkRecord:
        db = self._conn()
        with _transaction(db):
            found = self._bulk_sync(token_id, key)
            if found is not None:
                return found
            db.execute(
                "INSERT INTO bulk VALUES (?, ?, ?, ?, ?)",
                (token_id, key, record.job_id, record.digest, record.total),
            )
            return record


def _claim(row: Any) -> Claim:
    answer = row[1]
    return Claim(bytes(row[0]), None if answer is None else json.loads(answer))


def _create(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


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
