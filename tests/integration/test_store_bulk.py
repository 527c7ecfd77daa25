"""A 5,000-record batch, as a desk catching up after a day offline sees it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.domain.model import DeliveryStatus
from app.store.records import AppliedRecord, QueueView
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder


def _day_of_traffic(count: int) -> list[AppliedRecord]:
    """Inbound messages from 250 customers, with claims, replies and delivery statuses."""
    log = LogBuilder()
    records: list[AppliedRecord] = []
    n = 0
    while len(records) < count:
        customer = f"CC.c{n % 250:03d}"
        records.append(log.customer(f"message {n}", customer=customer, at=10_000 + n))
        if n % 250 == n and len(records) < count:  # each customer's first message: claim it
            records.append(log.claim(customer, ANNA if n % 2 else BORIS))
        if n % 3 == 0 and len(records) + 3 <= count:
            reply = log.reply(customer, f"answer {n}", ANNA, author_time=10_000 + n)
            wamid = f"wamid.OUT{n:06d}"
            records += [reply, log.outcome(reply.event_id, wamid)]
            records.append(log.status(wamid, DeliveryStatus.DELIVERED))
        n += 1
    return records[:count]


@pytest.mark.asyncio
async def test_five_thousand_records_in_one_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _day_of_traffic(5_000)
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    try:
        started = time.perf_counter()
        changes = await replica.apply_batch(records, cursor=records[-1].seq)
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        assert not await replica.apply_batch(records, cursor=records[-1].seq)
        replay = time.perf_counter() - again
        with capsys.disabled():
            print(f"\n5,000-record batch applied in {elapsed:.3f} s (re-apply {replay:.3f} s)")
        stats = await replica.stats()
        inbound = sum(1 for r in records if r.subject == "sb.team.in" and r.conversation_id)
        assert stats.events_stored == 5_000
        assert stats.cursor == records[-1].seq
        assert stats.inbound_messages == inbound
        assert await replica.conversation_count(QueueView.ALL_OPEN) == 250
        assert len(changes.conversations) == 250
        page = await replica.conversation_page(QueueView.MINE, 0, 50, me=ANNA)
        assert len(page) == 50
    finally:
        await replica.close()
