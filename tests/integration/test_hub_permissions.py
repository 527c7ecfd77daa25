"""Every Transport and media-store call a role makes works through the hub's permissions.

The allow lists of ``app.hub.users`` are minimal; this runs what desks and the gateway do
against a real nats-server with authentication, so a missing JetStream API subject shows here.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.model import Role
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import (
    chain_subject,
    event_subject,
    inbound_subject,
    outbound_subject,
)
from tests.helpers.hub import Collector, running_hub
from tests.helpers.hub_team import Team, found
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def team(tmp_path: Path) -> AsyncIterator[Team]:
    async with running_hub(tmp_path, auth=True) as hub:
        yield await found(hub)


async def _media_round_trip(transport: NatsTransport) -> None:
    media = await NatsMediaStore.open(transport)
    name = os.urandom(16).hex()
    data = os.urandom(300_000)  # three chunks
    stored = await media.put(name, data)
    assert stored.size == len(data)
    assert await media.exists(name)
    assert await media.get(name) == data
    assert b"".join([piece async for piece in media.stream(name, len(data))]) == data
    await media.put(name, b"again")  # replaces: purges the old chunks
    assert await media.get(name) == b"again"
    assert await media.delete(name)
    assert not await media.exists(name)


async def _follow_all(transport: NatsTransport, count: int, **kwargs: object) -> Collector:
    records = Collector()
    follower = transport.follow(1, records, **kwargs)  # type: ignore[arg-type]
    await until(lambda: len(records.records) >= count, timeout=10)
    await follower.stop()
    return records


async def test_an_admin_does_everything_a_desk_does(team: Team) -> None:
    t = team.hex
    admin = await team.connect(team.root, "root")
    try:
        await admin.ensure_stream()
        ack = await admin.publish(
            event_subject(t, "ab12"), b"e1", msg_id="e1", expected_last_subject_seq=0
        )
        await admin.publish(outbound_subject(t), b"o1", msg_id="o1")
        assert await admin.last_seq() == ack.seq + 1
        last = await admin.last_on_subject(event_subject(t, "ab12"))
        assert last is not None
        assert last.data == b"e1"
        record = await admin.fetch(1)
        assert record is not None
        assert record.subject == chain_subject(t)
        records = await _follow_all(admin, 3)
        assert [r.data for r in records.records][1:] == [b"e1", b"o1"]
        join = f"sb.{t}.join.{'ab' * 16}"
        assert (await admin.publish(join, b"answer", msg_id="a1")).seq == 1
        assert [r.data for r in (await _follow_all(admin, 1, subjects=[join])).records] == [
            b"answer"
        ]
        await _media_round_trip(admin)
    finally:
        await admin.close()


async def test_a_member_writes_conversations_and_outbound_and_reads_everything(team: Team) -> None:
    t = team.hex
    member = await team.connect(await team.enroll(Role.MEMBER, "ben"), "ben")
    try:
        await member.ensure_stream()
        await member.publish(
            event_subject(t, "cd34"), b"e", msg_id="m1", expected_last_subject_seq=0
        )
        await member.publish(outbound_subject(t), b"o", msg_id="m2")
        assert await member.last_seq() == 5  # three links, two events
        assert await member.fetch(4) is not None
        assert len((await _follow_all(member, 5)).records) == 5
        await _media_round_trip(member)
    finally:
        await member.close()


async def test_the_gateway_writes_inbound_keeps_its_send_log_and_reads_chain_and_out(
    team: Team,
) -> None:
    t = team.hex
    gateway = await team.connect(await team.enroll(Role.GATEWAY, "gateway"), "gateway")
    admin = await team.connect(team.root, "root")
    try:
        await admin.publish(outbound_subject(t), b"send this", msg_id="o1")
        await gateway.publish(inbound_subject(t), b"in", msg_id="g1", expected_last_subject_seq=0)
        last = await gateway.last_on_subject(inbound_subject(t))
        assert last is not None
        assert last.data == b"in"
        records = await _follow_all(gateway, 3, subjects=[chain_subject(t), outbound_subject(t)])
        assert [r.subject for r in records.records] == [chain_subject(t)] * 2 + [
            outbound_subject(t)
        ]
        bucket = f"SB_{t}_sent"
        assert await gateway.claim_once(bucket, "k1", b"token")
        assert await gateway.claim_once(bucket, "k1", b"token")  # the same claimant again
        assert not await gateway.claim_once(bucket, "k1", b"other")
        await gateway.kv_put(bucket, "k1", b"reported")
        assert await gateway.kv_get(bucket, "k1") == b"reported"
        assert await gateway.kv_get(bucket, "k2") is None
        await _media_round_trip(gateway)
    finally:
        await admin.close()
        await gateway.close()
