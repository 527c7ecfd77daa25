"""Queue and message pages, details, stats and the small keyed state."""

from __future__ import annotations

import pytest

from app.domain.ids import ConversationId, EventId
from app.domain.rules import queue_order_key
from app.store import queries
from app.store.records import QueueView
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of, raw


async def _mixed_queue(replica: Replica, log: LogBuilder) -> None:
    """Twelve conversations: some waiting (with ties), some answered, some assigned."""
    records = []
    for n in range(12):
        customer = f"CC.c{n:02d}"
        records.append(log.customer(f"m{n}", customer=customer, name=f"C{n}", at=1_000 + n % 4))
        if n % 3 == 0:
            records.append(log.reply(customer, "ok", ANNA, author_time=2_000 + (n * 7) % 5))
        if n % 4 == 1:
            records.append(log.claim(customer, BORIS if n % 8 == 1 else ANNA))
    await replica.apply_batch(records, cursor=records[-1].seq)


@pytest.mark.asyncio
@pytest.mark.parametrize("view", list(QueueView))
async def test_pages_follow_queue_order(replica: Replica, log: LogBuilder, view: QueueView) -> None:
    await _mixed_queue(replica, log)
    me = ANNA if view is QueueView.MINE else None
    whole = await replica.conversation_page(view, 0, 100, me=me)
    assert whole == sorted(whole, key=queue_order_key)
    assert len(whole) == await replica.conversation_count(view, me=me)
    paged = []
    for offset in range(0, len(whole) + 5, 5):
        paged += await replica.conversation_page(view, offset, 5, me=me)
    assert paged == whole
    if view is QueueView.UNASSIGNED:
        assert all(row.assignee is None for row in whole)
    if view is QueueView.MINE:
        assert whole
        assert all(row.assignee == ANNA for row in whole)


@pytest.mark.asyncio
async def test_waiting_first_then_answered_by_recency(replica: Replica, log: LogBuilder) -> None:
    await _mixed_queue(replica, log)
    rows = await replica.conversation_page(QueueView.ALL_OPEN, 0, 100)
    waiting = [r for r in rows if r.waiting_since is not None]
    answered = [r for r in rows if r.waiting_since is None]
    assert rows == waiting + answered
    assert [r.waiting_since for r in waiting] == sorted(r.waiting_since or 0 for r in waiting)
    assert [r.last_at for r in answered] == sorted((r.last_at for r in answered), reverse=True)


@pytest.mark.asyncio
@pytest.mark.parametrize("view", list(QueueView))
async def test_queue_pages_walk_an_index(replica: Replica, view: QueueView) -> None:
    sql = queries._SQL_PAGE.format(filter=queries._FILTERS[view])
    params: tuple[object, ...] = (ANNA,) if view is QueueView.MINE else ()
    plan = await raw(replica, f"EXPLAIN QUERY PLAN {sql}", (*params, 10, 0))
    details = " | ".join(str(row[-1]) for row in plan)
    assert "TEMP B-TREE" not in details, details
    assert "conversations_queue" in details, details


@pytest.mark.asyncio
async def test_mine_needs_me(replica: Replica) -> None:
    with pytest.raises(ValueError, match="device id"):
        await replica.conversation_page(QueueView.MINE, 0, 10)
    with pytest.raises(ValueError, match="device id"):
        await replica.conversation_count(QueueView.MINE)


@pytest.mark.asyncio
async def test_messages_page_walks_back_oldest_first(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer(f"m{n}", at=1_000 + n) for n in range(7)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    alice = conversation_of("CC.alice")
    pending = await replica.enqueue_reply(alice, log.event_id(), "pending", ANNA, now=1_100)
    newest = await replica.messages_page(alice, None, 3)
    assert [m.text for m in newest] == ["m5", "m6", "pending"]
    older = await replica.messages_page(alice, newest[0].position, 3)
    assert [m.text for m in older] == ["m2", "m3", "m4"]
    oldest = await replica.messages_page(alice, older[0].position, 3)
    assert [m.text for m in oldest] == ["m0", "m1"]
    assert await replica.messages_page(alice, oldest[0].position, 3) == []
    assert [m.position for m in oldest + older] == [1, 2, 3, 4, 5]
    assert newest[-1] == pending


@pytest.mark.asyncio
async def test_unknown_things_are_none(replica: Replica) -> None:
    assert await replica.conversation(ConversationId(bytes(16))) is None
    assert await replica.message_by_event_id(EventId(bytes(16))) is None
    assert await replica.messages_page(ConversationId(bytes(16)), None, 10) == []


@pytest.mark.asyncio
async def test_customer_name_falls_back(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.customer("a", customer="CC.named", name="Named"),
        log.customer("b", customer="CC.number", name="", wa_id="4930123"),
        log.customer("c", customer="CC.bare", name="", wa_id=""),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)
    rows = await replica.conversation_page(QueueView.ALL_OPEN, 0, 10)
    assert sorted(r.customer_name for r in rows) == ["4930123", "CC.bare", "Named"]


@pytest.mark.asyncio
async def test_mark_read(replica: Replica, log: LogBuilder) -> None:
    records = [log.customer("a"), log.customer("b")]
    await replica.apply_batch(records, cursor=records[-1].seq)
    alice = conversation_of("CC.alice")
    changes = await replica.mark_read(alice)
    assert changes.conversations == {alice}
    assert changes.queue_changed
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert row.unread == 0
    assert not await replica.mark_read(alice)


@pytest.mark.asyncio
async def test_stats(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.customer("a"),
        log.customer("dup", wamid="wamid.IN000001"),
        log.reply("CC.alice", "r1", ANNA),
        log.reply("CC.alice", "r2", ANNA),
        log.reply("CC.alice", "r3", BORIS),
    ]
    await replica.apply_batch(records, cursor=records[-1].seq)
    stats = await replica.stats()
    assert stats.inbound_messages == await replica.applied_inbound_count() == 1
    assert stats.outbound_by_author == {ANNA: 2, BORIS: 1}
    assert (stats.duplicates_prevented, stats.events_stored, stats.cursor) == (1, 5, 5)


@pytest.mark.asyncio
async def test_meta_identity_and_seeds(replica: Replica) -> None:
    assert await replica.get_meta("team.id") is None
    await replica.set_meta("team.id", b"\x01\x02")
    await replica.set_meta("team.id", b"\x03")
    assert await replica.get_meta("team.id") == b"\x03"
    assert await replica.get_meta("replica.app") == b"switchboard-replica"
    with pytest.raises(ValueError, match="reserved"):
        await replica.set_meta("replica.app", b"mine now")

    assert await replica.load_identity() is None
    await replica.save_identity(b"wrapped keys v1")
    await replica.save_identity(b"wrapped keys v2")
    assert await replica.load_identity() == b"wrapped keys v2"

    assert await replica.save_seed(2, b"s2")
    assert await replica.save_seed(1, b"s1")
    assert not await replica.save_seed(1, b"other")  # a known epoch keeps its seed
    assert await replica.seeds() == {1: b"s1", 2: b"s2"}
    assert await replica.author_heads() == {}
    assert await replica.chain_links() == []
    assert await replica.cursor() == 0
