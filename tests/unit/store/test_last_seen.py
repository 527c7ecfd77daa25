"""`Replica.last_seen`: each device's newest record time, kept on its author-head row."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.ids import DeviceId
from app.store.db import Database
from app.store.migrate import load_migrations, migrate
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, GATEWAY, KEY, LogBuilder, raw

pytestmark = pytest.mark.asyncio


async def test_the_newest_author_time_per_device(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.customer("hi", at=1_000),
        log.reply("CC.alice", "first", ANNA, author_time=1_100),
        log.reply("CC.alice", "second", ANNA, author_time=1_300),
        log.sealed_only(ANNA),  # a request to the gateway: stored unread, no time
        log.reply("CC.alice", "boris", BORIS, author_time=1_200),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)
    nobody = DeviceId(b"N" * 16)
    seen = await replica.last_seen([ANNA, BORIS, GATEWAY, nobody])
    assert seen[ANNA] == 1_300
    assert seen[BORIS] == 1_200
    assert nobody not in seen
    # The gateway's builder records carry no author_time: a device seen only unread is absent.
    assert GATEWAY not in seen


async def test_the_query_reads_one_head_row_and_no_event(replica: Replica) -> None:
    plan = await raw(
        replica, "EXPLAIN QUERY PLAN SELECT seen_at FROM author_heads WHERE author = ?", (ANNA,)
    )
    assert any("author_heads USING PRIMARY KEY" in str(row[-1]) for row in plan), plan
    # The index it replaces cost every applied batch a page (migration 0023).
    indexes = await raw(replica, "SELECT name FROM sqlite_master WHERE type = 'index'")
    assert "events_by_author_time" not in {row[0] for row in indexes}


async def test_last_seen_only_moves_forward(replica: Replica, log: LogBuilder) -> None:
    """A later record with an earlier clock (or none: a request to the gateway) leaves the
    newest time; a later time moves it, in a batch of its own as within one."""
    first = [log.reply("CC.alice", "late clock", ANNA, author_time=2_000)]
    await replica.apply_batch([log.customer("hi"), *first], cursor=first[-1].seq)
    behind = [log.reply("CC.alice", "early clock", ANNA, author_time=1_500), log.sealed_only(ANNA)]
    await replica.apply_batch(behind, cursor=behind[-1].seq)
    assert (await replica.last_seen([ANNA]))[ANNA] == 2_000
    ahead = [
        log.reply("CC.alice", "a", ANNA, author_time=2_600),
        log.reply("CC.alice", "b", ANNA, author_time=2_500),
    ]
    await replica.apply_batch(ahead, cursor=ahead[-1].seq)
    assert (await replica.last_seen([ANNA]))[ANNA] == 2_600
    # The head itself still follows the author's sequence, not the clock.
    heads = await replica.author_heads()
    assert heads[ANNA] == (5, ahead[-1].envelope_hash)


async def test_migration_takes_last_seen_from_the_stored_events(db_path: Path) -> None:
    """A replica written before schema 1.22 answers from its events after the migration."""
    before = tuple(m for m in load_migrations() if (m.major, m.minor) < (1, 22))
    db = await Database.connect(db_path, KEY)
    try:
        await migrate(db, before)
        async with db.write() as tx:
            for seq, author, at in ((1, ANNA, 1_100), (2, ANNA, 1_300), (3, BORIS, None)):
                await tx.execute(
                    "INSERT INTO events (stream_seq, event_id, subject, author, author_seq, "
                    "envelope, envelope_hash, outcome, author_time) "
                    "VALUES (?, ?, 'sb.t.ev', ?, ?, x'00', x'00', 1, ?)",
                    (seq, bytes([seq]) * 16, author, seq, at),
                )
            for author, seq in ((ANNA, 2), (BORIS, 3)):
                await tx.execute(
                    "INSERT INTO author_heads (author, seq, hash) VALUES (?, ?, x'00')",
                    (author, seq),
                )
    finally:
        await db.close()
    replica = await Replica.open(db_path, KEY)
    try:
        assert await replica.last_seen([ANNA, BORIS]) == {ANNA: 1_300}
    finally:
        await replica.close()


async def test_a_stored_chain_link_is_reported(replica: Replica, log: LogBuilder) -> None:
    plain = [log.customer("hi")]
    changes = await replica.apply_batch(plain, cursor=plain[-1].seq)
    assert not changes.chain_changed
    linked = [log.link(b"link bytes")]
    changes = await replica.apply_batch(linked, cursor=linked[-1].seq)
    assert changes.chain_changed
    assert changes  # a batch of only a link is still a change
