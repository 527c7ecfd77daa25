"""Search indexing after apply (`app.store.fts`, migration 0011): late, in order, never wrong."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.domain.search import parse_query
from app.store.db import Database
from app.store.migrate import Migration, load_migrations, migrate
from app.store.replica import Replica
from tests.helpers.wait import TIMEOUT_SCALE
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of, raw
from tests.unit.store.test_one_trip import count_trips

pytestmark = pytest.mark.asyncio

ALICE = conversation_of("CC.alice")


async def indexed(replica: Replica) -> list[int]:
    """The ids the index holds (its own per-document table: a scan of an external-content
    table would read the messages table instead)."""
    return [int(r[0]) for r in await raw(replica, "SELECT id FROM messages_fts_docsize ORDER BY 1")]


async def mark(replica: Replica) -> int:
    return int((await raw(replica, "SELECT indexed_to FROM fts_state"))[0][0])


async def index_is_sound(replica: Replica) -> None:
    """FTS5 compares the whole index with the messages table; raises if they disagree (so
    also while messages wait to be indexed)."""
    async with replica._db.write() as tx:
        await tx.execute(
            "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"
        )


async def hits(replica: Replica, typed: str) -> list[str]:
    found = await replica.search(parse_query(typed), None, None, 50)
    return ["".join(p.text for p in hit.snippet) for hit in found]


async def test_apply_leaves_indexing_to_a_later_transaction(
    replica: Replica, log: LogBuilder
) -> None:
    records = [log.customer(f"bread number {n}") for n in range(5)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    assert await indexed(replica) == []
    assert await replica.index_search(limit=3) == 3
    assert await indexed(replica) == [1, 2, 3]  # in id order, the mark moved with them
    assert await mark(replica) == 3
    assert await replica.index_search() == 2
    assert await replica.index_search() == 0
    await index_is_sound(replica)


async def test_search_finds_what_was_applied_before_the_indexer_ran(
    replica: Replica, log: LogBuilder
) -> None:
    records = [log.customer("rye bread please"), log.customer("and butter")]
    await replica.apply_batch(records, cursor=records[-1].seq)
    assert await hits(replica, "bread") == ["rye bread please"]


async def test_the_indexer_runs_by_itself_after_an_apply(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("sourdough")]
    await replica.apply_batch(records, cursor=records[-1].seq)
    running = replica._indexer._task  # tests may look behind the API
    assert running is not None
    async with asyncio.timeout(5 * TIMEOUT_SCALE):
        await running
    assert await indexed(replica) == [1]


async def test_text_changes_of_indexed_and_waiting_messages_keep_the_index_sound(
    replica: Replica, log: LogBuilder
) -> None:
    first = log.customer("hello")
    await replica.apply_batch([first], cursor=first.seq)
    await replica.index_search()
    # Our reply waits unindexed; the log's Reply then rewrites its text (same words here) and
    # a second pending reply is discarded before anything indexed it.
    pending = await replica.enqueue_reply(ALICE, log.event_id(), "on its way", ANNA, now=1_100)
    reply = log.reply("CC.alice", "on its way", ANNA, event_id=pending.event_id)
    await replica.apply_batch([reply], cursor=reply.seq)
    dropped = await replica.enqueue_reply(ALICE, log.event_id(), "typo", ANNA, now=1_200)
    await replica.mark_outbox_failed(dropped.event_id, "test")
    await replica.discard_outbox(dropped.event_id)
    assert await hits(replica, "way") == ["on its way"]
    assert await hits(replica, "typo") == []
    await index_is_sound(replica)


async def test_a_delete_below_the_mark_lowers_it_so_a_reused_id_is_indexed(
    replica: Replica, log: LogBuilder
) -> None:
    """SQLite takes the top id again after a delete; the mark fell back with the delete
    (migration 0024), so the message that reuses it waits above the mark like any other."""
    first = log.customer("hello")
    await replica.apply_batch([first], cursor=first.seq)
    dropped = await replica.enqueue_reply(ALICE, log.event_id(), "typo", ANNA, now=1_100)
    await replica.index_search()
    top = await mark(replica)
    await replica.mark_outbox_failed(dropped.event_id, "test")
    await replica.discard_outbox(dropped.event_id)
    assert await mark(replica) == top - 1
    again = await replica.enqueue_reply(ALICE, log.event_id(), "corrected", ANNA, now=1_200)
    rowid = await raw(replica, "SELECT id FROM messages WHERE event_id = ?", (again.event_id,))
    assert rowid == [(top,)]  # SQLite reused the top id, now above the mark
    assert top not in await indexed(replica)
    assert await hits(replica, "corrected") == ["corrected"]
    assert top in await indexed(replica)
    await index_is_sound(replica)


async def test_deleting_unindexed_rows_above_the_mark_still_lowers_it(
    replica: Replica, log: LogBuilder
) -> None:
    """The indexed top row goes while an unindexed one stands above it (the mark cannot fall
    yet), then that one goes too: the mark must fall then, or the next message reuses the top
    id at the mark and is never indexed (a desk closed before its indexer ran, then offline)."""
    replica._indexer._pause = 3600  # keep the background run out: the test indexes by hand
    first = log.customer("hello")
    await replica.apply_batch([first], cursor=first.seq)
    indexed_reply = await replica.enqueue_reply(ALICE, log.event_id(), "typo", ANNA, now=1_100)
    await replica.index_search()
    top = await mark(replica)
    waiting_reply = await replica.enqueue_reply(ALICE, log.event_id(), "typo 2", ANNA, now=1_200)
    for pending in (indexed_reply, waiting_reply):
        await replica.mark_outbox_failed(pending.event_id, "test")
        await replica.discard_outbox(pending.event_id)
    assert await mark(replica) == top - 1
    again = await replica.enqueue_reply(ALICE, log.event_id(), "corrected", ANNA, now=1_300)
    rowid = await raw(replica, "SELECT id FROM messages WHERE event_id = ?", (again.event_id,))
    assert rowid == [(top,)]
    await replica.index_search()
    assert top in await indexed(replica)
    await index_is_sound(replica)


async def test_inserting_a_message_fires_no_trigger(replica: Replica) -> None:
    """Any trigger on INSERT makes SQLite journal every page a message insert touches
    (migration 0024); indexing new messages is the indexer's alone."""
    triggers = await raw(
        replica,
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?",
        ("messages",),
    )
    assert triggers  # the update and delete triggers stay
    assert not [name for name, sql in triggers if "AFTER INSERT" in str(sql).upper()]


async def test_a_replica_whose_mark_stood_above_its_top_id_is_mended(
    db_path: Path, log: LogBuilder
) -> None:
    """Schema 1.22 let the top indexed message go without lowering the mark (its insert
    trigger indexed a reused id at once); migration 0024 lowers it."""
    before = tuple(m for m in load_migrations() if m.number < 24)
    old = await _older_replica(db_path, log, before)
    await old.index_search()
    async with old._db.write() as tx:  # tests may look behind the API
        await tx.execute("DELETE FROM messages WHERE id = 2")
    assert await mark(old) == 2
    await old.close()
    replica = await Replica.open(db_path, KEY)
    try:
        assert await mark(replica) == 1
        newer = [log.customer("new butter")]
        await replica.apply_batch(newer, cursor=newer[-1].seq)
        assert await hits(replica, "butter") == ["new butter"]
        assert await indexed(replica) == [1, 2]
        await index_is_sound(replica)
    finally:
        await replica.close()


async def _older_replica(
    db_path: Path, log: LogBuilder, migrations: tuple[Migration, ...]
) -> Replica:
    """A replica made by an older build (only `migrations`) holding "old bread" and "old butter"."""
    db = await Database.connect(db_path, KEY)
    old = Replica(db, await migrate(db, migrations))
    records = [log.customer("old bread"), log.customer("old butter")]
    await old.apply_batch(records, cursor=records[-1].seq)
    return old


async def test_an_older_replica_keeps_its_index_and_indexes_what_comes_next(
    db_path: Path, log: LogBuilder
) -> None:
    # Every migration but the one that deferred indexing: the tables this build's apply reads.
    # 0024 mends the mark 0011 brought, so it waits for 0011 too.
    before = tuple(m for m in load_migrations() if m.number not in (11, 24))
    assert [m.number for m in before][9:11] == [10, 12]
    old = await _older_replica(db_path, log, before)  # schema 1.9: indexed in the apply
    await old.close()
    replica = await Replica.open(db_path, KEY)
    try:
        assert await mark(replica) == 2
        newer = [log.customer("new bread")]
        await replica.apply_batch(newer, cursor=newer[-1].seq)
        assert await indexed(replica) == [1, 2]
        assert sorted(await hits(replica, "bread")) == ["new bread", "old bread"]
        await index_is_sound(replica)
    finally:
        await replica.close()


async def test_a_search_with_nothing_new_to_index_only_reads(
    replica: Replica, log: LogBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [log.customer("rye bread")]
    await replica.apply_batch(records, cursor=records[-1].seq)
    assert await hits(replica, "bread") == ["rye bread"]  # indexed it first
    trips = count_trips(replica, monkeypatch)
    assert await hits(replica, "bread") == ["rye bread"]
    assert "_run_inline" not in trips, trips  # no indexing transaction, only the query
    assert trips
