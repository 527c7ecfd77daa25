"""Found while the demo's scripted colleague was stopped mid-reply (issue 12): a write whose
task was cancelled while its BEGIN was on the way to the SQLite thread left the replica's
connection inside a transaction, and the next applied batch failed for good ("Safety level may
not be changed inside a transaction": applying the log stopped). The write now rolls back on
the SQLite thread after the BEGIN, however its await ends."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.store.db import Database, Tx
from tests.unit.store.builders import KEY

pytestmark = pytest.mark.asyncio


async def _insert(db: Database, value: int) -> None:
    async with db.write() as tx:
        await tx.execute("INSERT INTO t VALUES (?)", (value,))


async def test_a_write_cancelled_at_its_begin_leaves_no_transaction_open(tmp_path: Path) -> None:
    db = await Database.connect(tmp_path / "replica.db", KEY)
    try:
        async with db.write() as tx:
            await tx.execute("CREATE TABLE t (x INTEGER)")
        writer = asyncio.create_task(_insert(db, 1))
        await asyncio.sleep(0)  # the writer holds the lock and awaits its BEGIN
        writer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await writer

        async def applied_batch(tx: Tx) -> None:
            await tx.execute("INSERT INTO t VALUES (2)")

        await db.write_at_once(applied_batch, durable=False)  # raised OperationalError
        await _insert(db, 3)
        async with db.read() as tx:
            rows = await tx.fetchall("SELECT x FROM t ORDER BY x")
        assert [row[0] for row in rows] == [2, 3]
    finally:
        await db.close()
