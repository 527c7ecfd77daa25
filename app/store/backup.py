"""An encrypted backup of the replica, and reading one back (issue 12 item 7).

Writing: `sqlcipher_export` copies the open replica into a new SQLCipher file keyed with the
person's passphrase (SQLCipher's own key derivation, PBKDF2-HMAC-SHA512 with a salt in the
file), then this device's own parts and the team's keys are dropped from the copy (a backup
serves another device of the team, which has keys of its own).

Reading: the backup is attached, under its passphrase, to a connection of its own on a worker
thread, and its stored log is read in stream order, page by page, as a snapshot pack is
(`snapshot_rows`): a restoring device checks every record again through its own sync.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.errors import StoreUnavailable, UserFault
from app.store.db import Tx
from app.store.migrate import REPLICA_MARKER

_SQL_ATTACH = "ATTACH DATABASE ? AS backup KEY ?"
# What only this device may hold: its wrapped private keys, its replies not yet in the log, the
# number settings it sent (a verify token). And the team's key material: a restoring device
# learns its seeds from its own box in the chain and the gateways' keys from the log, so a
# backup never hands out a key that opens what the hub stores.
_SCRUB = tuple(
    f"DELETE FROM backup.{table}"
    for table in ("identity", "outbox", "number_settings_sent", "seeds", "sender_keys")
)
_SQL_MARKER = "SELECT value FROM backup.meta WHERE key = 'replica.app'"
_SQL_CURSOR = "SELECT cursor FROM backup.sync_state WHERE id = 1"
_SQL_PAGE = (
    "SELECT stream_seq, subject, envelope FROM backup.events "
    "WHERE stream_seq > ?1 AND stream_seq <= ?2 "
    "UNION ALL "
    "SELECT stream_seq, ?3, link FROM backup.chain_links "
    "WHERE stream_seq > ?1 AND stream_seq <= ?2 "
    "ORDER BY stream_seq LIMIT ?4"
)


class BackupUnreadable(UserFault):
    """The file is not a backup, or the passphrase is not the one it was made with."""

    code = "backup-unreadable"


async def export_to(tx: Tx, path: Path, passphrase: str) -> None:
    """Copy the replica behind `tx` to a new file at `path`, keyed with `passphrase`."""
    await tx.execute(_SQL_ATTACH, (str(path), passphrase))
    try:
        await tx.execute("SELECT sqlcipher_export('backup')")
        for statement in _SCRUB:
            await tx.execute(statement)
    finally:
        await tx.execute("DETACH DATABASE backup")


class BackupFile:
    """A backup opened for reading; use `await BackupFile.open(...)`, then `close()`."""

    def __init__(self, conn: sqlcipher.Connection, up_to: int) -> None:
        self._conn = conn
        self.up_to = up_to
        """The stream sequence the backed-up replica had applied up to."""

    @classmethod
    async def open(cls, path: Path, passphrase: str) -> BackupFile:
        """Raises BackupUnreadable (wrong passphrase, not a backup) or StoreUnavailable.

        Cancelled while the worker thread opens it (the person closed the dialog), the thread
        still finishes: the connection it opens, keyed with the passphrase, is closed then.
        """
        opening = asyncio.ensure_future(asyncio.to_thread(_attach, path, passphrase))
        try:
            conn, up_to = await asyncio.shield(opening)
        except asyncio.CancelledError:
            opening.add_done_callback(_close_unwanted)
            raise
        return cls(conn, up_to)

    async def page(
        self, after: int, chain_subject: str, limit: int
    ) -> list[tuple[int, str, bytes]]:
        """Up to `limit` stored records after `after`, in stream order: (seq, subject, bytes),
        team-chain links under `chain_subject`."""
        return await asyncio.to_thread(self._page, after, chain_subject, limit)

    def _page(self, after: int, chain_subject: str, limit: int) -> list[tuple[int, str, bytes]]:
        rows = self._conn.execute(_SQL_PAGE, (after, self.up_to, chain_subject, limit))
        return [(int(r[0]), str(r[1]), bytes(r[2])) for r in rows.fetchall()]

    async def close(self) -> None:
        await asyncio.to_thread(self._conn.close)


def _close_unwanted(opening: asyncio.Future[tuple[sqlcipher.Connection, int]]) -> None:
    """Close, on a worker thread, what an open nobody waits for any more opened."""
    if opening.cancelled() or opening.exception() is not None:
        return  # `_attach` closed it itself
    conn = opening.result()[0]
    asyncio.get_running_loop().run_in_executor(None, conn.close)


def _attach(path: Path, passphrase: str) -> tuple[sqlcipher.Connection, int]:
    if not path.is_file():
        raise BackupUnreadable(f"{path.name} is not there")
    conn = sqlcipher.connect(":memory:", check_same_thread=False, isolation_level=None)
    try:
        conn.execute(_SQL_ATTACH, (str(path), passphrase))
        marker = conn.execute(_SQL_MARKER).fetchone()
        if marker is None or bytes(marker[0]) != REPLICA_MARKER:
            raise BackupUnreadable(f"{path.name} is not a Switchboard backup")
        return conn, int(conn.execute(_SQL_CURSOR).fetchone()[0])
    except sqlcipher.DatabaseError as exc:
        conn.close()
        # "file is not a database": a wrong passphrase reads as noise, like another file.
        raise BackupUnreadable(f"{path.name} does not open with this passphrase") from exc
    except sqlcipher.Error as exc:
        conn.close()
        raise StoreUnavailable(f"cannot read {path.name}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
