"""A batch is applied in one trip to the SQLite thread, in one transaction; the page cache is
sized on purpose (db.CACHE_KIB)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.store.db import CACHE_KIB, Tx
from app.store.replica import Replica
from tests.unit.store.builders import LogBuilder, raw

pytestmark = pytest.mark.asyncio


def count_trips(replica: Replica, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every function queued onto the replica's SQLite thread from now on."""
    conn = replica._db._conn  # tests may look behind the API
    queued: list[str] = []
    original = conn._execute

    async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
        queued.append(getattr(fn, "__name__", repr(fn)))
        return await original(fn, *args, **kwargs)

    monkeypatch.setattr(conn, "_execute", counted)
    return queued


async def test_a_one_record_batch_is_one_trip(
    replica: Replica, log: LogBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    await replica.apply_batch([log.customer("first")], cursor=1)  # the conversation exists
    trips = count_trips(replica, monkeypatch)
    changes = await replica.apply_batch([log.customer("second")], cursor=2)
    assert len(trips) == 1, trips
    assert changes.conversations  # the work really happened inside that one trip
    assert await replica.cursor() == 2
    assert await replica.applied_inbound_count() == 2


async def test_a_large_batch_is_one_trip_too(
    replica: Replica, log: LogBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [log.customer(f"m{n}", customer=f"CC.c{n % 40}") for n in range(1_000)]
    trips = count_trips(replica, monkeypatch)
    await replica.apply_batch(records, cursor=records[-1].seq)
    assert len(trips) == 1
    assert await replica.applied_inbound_count() == 1_000


async def test_work_that_fails_writes_nothing(replica: Replica) -> None:
    async def half_then_fail(tx: Tx) -> None:
        await tx.execute("UPDATE sync_state SET cursor = 99 WHERE id = 1")
        raise LookupError("a bug in the middle of a batch")

    with pytest.raises(LookupError):
        await replica._db.write_at_once(half_then_fail)
    assert await replica.cursor() == 0
    assert await raw(replica, "SELECT 1") == [(1,)]  # the connection is usable again


async def test_work_that_waits_on_anything_else_is_refused(replica: Replica) -> None:
    async def waits(tx: Tx) -> None:
        await tx.execute("UPDATE sync_state SET cursor = 7 WHERE id = 1")
        await asyncio.sleep(0)  # would suspend on the SQLite thread, where no loop runs

    with pytest.raises(RuntimeError, match="awaited something besides its Tx"):
        await replica._db.write_at_once(waits)
    assert await replica.cursor() == 0


async def test_page_cache_is_sized_on_purpose(replica: Replica) -> None:
    assert await raw(replica, "PRAGMA cache_size") == [(-CACHE_KIB,)]
    assert CACHE_KIB >= 16 * 1024  # far above SQLite's 2 MiB default


async def test_an_applied_batch_skips_the_disk_flush_and_nothing_else_does(
    replica: Replica, log: LogBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """synchronous: 1 NORMAL (the log has the batch again), 2 FULL (everything local)."""
    seen: list[int] = []

    async def look(tx: Tx) -> None:
        seen.append(int((await tx.fetchall("PRAGMA synchronous"))[0][0]))

    await replica._db.write_at_once(look, durable=False)
    await replica._db.write_at_once(look)
    assert seen == [1, 2]
    assert await raw(replica, "PRAGMA synchronous") == [(2,)]  # back to FULL after the batch

    async def fail(tx: Tx) -> None:
        await look(tx)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await replica._db.write_at_once(fail, durable=False)
    assert await raw(replica, "PRAGMA synchronous") == [(2,)]  # also after a failed one

    durable: list[bool] = []
    conn = replica._db._conn
    original = conn._execute

    async def spy(fn: Any, *args: Any) -> Any:
        durable.append(args[-1])  # _run_inline's last argument
        return await original(fn, *args)

    monkeypatch.setattr(conn, "_execute", spy)
    record = log.customer("hello")
    await replica.apply_batch([record], cursor=record.seq)
    assert durable == [False]
