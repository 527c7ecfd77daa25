"""The gateway's webhook spool: durable, in arrival order, flushed in groups, bounded by disk."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.gateway import spool as spool_module
from app.gateway.spool import FILE_NAME, Spool, SpoolFull

KEY = bytes(range(32))

pytestmark = [pytest.mark.asyncio, pytest.mark.fast_loop]  # the gateway runs on uvloop


@pytest_asyncio.fixture
async def spool(tmp_path: Path) -> AsyncIterator[Spool]:
    opened = Spool(tmp_path / "state", KEY, keep_free=0)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


async def test_bodies_come_back_in_arrival_order_until_removed(spool: Spool) -> None:
    for n in range(5):
        await spool.append(b"body %d" % n)
    taken = await spool.take(0, 3)
    assert [b.raw for b in taken] == [b"body 0", b"body 1", b"body 2"]
    assert [b.raw for b in await spool.take(taken[-1].id, 10)] == [b"body 3", b"body 4"]

    await spool.remove([taken[0].id, taken[2].id])

    assert [b.raw for b in await spool.take(0, 10)] == [b"body 1", b"body 3", b"body 4"]
    assert await spool.count() == 3


async def test_what_was_appended_is_there_after_reopening(tmp_path: Path) -> None:
    first = Spool(tmp_path, KEY, keep_free=0)
    await first.open()
    await first.append(b"kept")
    await first.close()
    again = Spool(tmp_path, KEY, keep_free=0)
    await again.open()
    try:
        assert [b.raw for b in await again.take(0, 10)] == [b"kept"]
        await again.append(b"after")
        ids = [b.id for b in await again.take(0, 10)]
        assert ids == sorted(ids)  # new ids never go below old ones
    finally:
        await again.close()


async def test_concurrent_appends_share_disk_flushes(spool: Spool) -> None:
    await asyncio.gather(*(spool.append(b"x%d" % n) for n in range(200)))
    assert await spool.count() == 200
    assert spool.flushes < 20  # group commit: far fewer flushes than bodies


async def test_bodies_added_in_one_round_of_the_loop_share_one_flush(spool: Spool) -> None:
    """The writer is handed a loop round's bodies at once, not woken by the first of them."""
    added = [spool.add(b"x%d" % n) for n in range(50)]
    await asyncio.gather(*added)
    assert spool.flushes == 1
    assert [b.raw for b in await spool.take(0, 100)] == [b"x%d" % n for n in range(50)]


async def test_a_large_group_keeps_each_body_under_its_own_id(tmp_path: Path) -> None:
    """Hundreds of appends in one flush are inserted a hundred rows per statement; the ids
    the memory copy gives them must be the file's, in arrival order."""
    bodies = [b"body %d" % n for n in range(350)]
    first = Spool(tmp_path, KEY, keep_free=0)
    await first.open()
    try:
        await asyncio.gather(*(first.append(raw) for raw in bodies))
        assert first.flushes < 20
        from_memory = await first.take(0, 400)
        assert [b.raw for b in from_memory] == bodies
        await first.remove([b.id for b in from_memory[:100] + from_memory[150:200]])
    finally:
        await first.close()
    again = Spool(tmp_path, KEY, keep_free=0)
    await again.open()
    try:
        from_disk = await again.take(0, 400)
    finally:
        await again.close()
    assert [(b.id, b.raw) for b in from_disk] == [
        (b.id, b.raw) for b in from_memory[100:150] + from_memory[200:]
    ]


async def test_the_file_is_private(spool: Spool) -> None:
    mode = stat.S_IMODE(os.stat(spool.directory / FILE_NAME).st_mode)
    assert mode == 0o600


async def test_an_append_that_would_eat_the_reserve_is_refused(tmp_path: Path) -> None:
    # A reserve larger than the whole disk: the free space other processes leave changes while
    # the test runs, the disk's size does not.
    disk = os.statvfs(tmp_path).f_blocks * os.statvfs(tmp_path).f_frsize
    greedy = Spool(tmp_path, KEY, keep_free=disk + 1)
    await greedy.open()
    try:
        with pytest.raises(SpoolFull):
            await greedy.append(b"no room left for the state file")
        assert await greedy.count() == 0
    finally:
        await greedy.close()


async def test_take_sees_a_body_appended_while_it_waits(spool: Spool) -> None:
    assert await spool.take(0, 10) == []
    waiter = asyncio.create_task(spool.wait_added())
    await spool.append(b"late")
    await asyncio.wait_for(waiter, 5)
    assert [b.raw for b in await spool.take(0, 10)] == [b"late"]


async def test_no_message_is_readable_in_the_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path, KEY, keep_free=0)
    await spool.open()
    await spool.append(b'{"text": {"body": "CANARY-SPOOL-7"}}')
    await spool.close()
    assert b"CANARY-SPOOL-7" not in _every_byte(tmp_path)


async def test_a_body_sealed_under_another_key_is_dropped_not_misread(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    theirs = Spool(tmp_path, bytes(32), keep_free=0)
    await theirs.open()
    await theirs.append(b"another gateway's")
    await theirs.close()
    ours = Spool(tmp_path, KEY, keep_free=0)
    await ours.open()
    try:
        assert [b.raw for b in await ours.take(0, 10)] == [b""]  # not JSON: the drain drops it
    finally:
        await ours.close()
    assert "does not open" in caplog.text


def _every_byte(folder: Path) -> bytes:
    """The spool file and its WAL, as a thief with a copy of the folder would read them."""
    return b"".join(path.read_bytes() for path in folder.iterdir())


async def test_bodies_past_the_memory_budget_come_from_disk_in_order(
    spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module, "FRESH_BYTES", 10)
    await spool.append(b"body 1..")  # kept in memory
    await spool.append(b"body 2..")  # past the budget: this one and all before from disk
    await spool.append(b"body 3..")
    taken = await spool.take(0, 10)
    assert [b.raw for b in taken] == [b"body 1..", b"body 2..", b"body 3.."]
    assert await spool.take(taken[-1].id, 10) == []
    await spool.append(b"body 4..")
    assert [b.raw for b in await spool.take(taken[-1].id, 10)] == [b"body 4.."]


async def test_a_removed_body_is_not_handed_out_again(spool: Spool) -> None:
    for n in range(3):
        await spool.append(b"body %d" % n)
    first, second, third = await spool.take(0, 10)
    await spool.remove([second.id])
    assert [b.raw for b in await spool.take(0, 10)] == [b"body 0", b"body 2"]
    assert await spool.count() == 2


async def test_a_body_whose_removal_waits_for_the_next_write_is_not_read_again(
    spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module, "FRESH_BYTES", 0)  # every body is read from disk
    for n in range(4):
        await spool.append(b"body %d" % n)
    taken = await spool.take(0, 10)

    lingering = spool.remove([b.id for b in taken[:2]])  # rides on the next append, or waits
    again = await spool.take(0, 10)

    assert [b.raw for b in again] == [b"body 2", b"body 3"]
    await lingering
    assert await spool.count() == 2


async def test_removals_alone_are_committed_without_an_append(spool: Spool) -> None:
    await spool.append(b"only")
    (only,) = await spool.take(0, 10)

    await spool.remove([only.id])  # no append follows: committed on its own after a moment

    assert await spool.count() == 0
