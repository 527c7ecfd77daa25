"""`Replica.last_seen`: each device's newest record time, from one index seek per device."""

from __future__ import annotations

import pytest

from app.domain.ids import DeviceId
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, BORIS, GATEWAY, LogBuilder, raw

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


async def test_the_query_seeks_the_index(replica: Replica) -> None:
    plan = await raw(
        replica,
        "EXPLAIN QUERY PLAN SELECT max(author_time) FROM events WHERE author = ?",
        (ANNA,),
    )
    assert any("events_by_author_time" in str(row[-1]) for row in plan), plan


async def test_a_stored_chain_link_is_reported(replica: Replica, log: LogBuilder) -> None:
    plain = [log.customer("hi")]
    changes = await replica.apply_batch(plain, cursor=plain[-1].seq)
    assert not changes.chain_changed
    linked = [log.link(b"link bytes")]
    changes = await replica.apply_batch(linked, cursor=linked[-1].seq)
    assert changes.chain_changed
    assert changes  # a batch of only a link is still a change
