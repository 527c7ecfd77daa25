"""A desk whose applying lags behind live delivery takes what arrived meanwhile as one batch.

Each batch costs the sync worker a signature check and two thread hops, and the loop a round of
wake-ups, whatever its size; on a busy machine a desk that fetched one small batch per
LIVE_PACE while its applier lagged paid that for every few records (issue 8). A real
authenticated hub and genuine gateway events, as in `test_sync_pipeline`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.desk.team import TeamDeskFactory
from app.gateway.sealing import GatewayLog
from app.hub import Hub
from app.store.records import AppliedRecord, ChangeSet
from app.sync.engine import LIVE_PACE
from app.sync.protocol import Received
from app.sync.transport import LogRecord, inbound_subject
from tests.helpers.wait import until
from tests.integration.test_join_big_log import gateway_login, seal_all

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

LAGGING = 8
"""Messages that arrive, each after the pace, while the applier is held."""


async def test_what_arrives_while_the_applier_lags_is_fetched_and_opened_as_one_batch(
    hub: Hub, factory: TeamDeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    joined = await factory.enroll_gateway(anna)
    assert factory.gateway_keys is not None
    sealed = seal_all(GatewayLog(factory.gateway_keys, joined.chain), LAGGING + 2)
    await anna.desk.caught_up()
    engine, replica = anna.desk.engine, anna.desk.replica

    opened: list[int] = []
    receive_all = engine._receive_all  # looking behind the API, as held_sync does

    def counted(records: Sequence[LogRecord]) -> list[Received]:
        opened.append(len(records))
        return receive_all(records)

    lagging = asyncio.Event()
    applying = asyncio.Event()
    apply_batch = replica.apply_batch

    async def held(records: list[AppliedRecord], cursor: int) -> ChangeSet:
        applying.set()
        await lagging.wait()  # a machine too busy to apply for a while
        return await apply_batch(records, cursor)

    monkeypatch.setattr(engine, "_receive_all", counted)
    monkeypatch.setattr(replica, "apply_batch", held)
    transport = await gateway_login(hub, factory.gateway_keys, joined.team_id.hex())
    subject = inbound_subject(joined.team_id.hex())
    try:
        await transport._js.publish(subject, sealed[0])
        await until(applying.is_set, timeout=10)  # the applier holds the first
        await transport._js.publish(subject, sealed[1])
        await until(lambda: len(opened) == 2, timeout=10)  # the second waits behind it
        for data in sealed[2:]:
            # A live rate: each message after the pace, so a follower that fetched whatever
            # it may would take each alone.
            await asyncio.sleep(LIVE_PACE * 1.5)
            await transport._js.publish(subject, data)
        lagging.set()
        last = await transport.last_seq()
    finally:
        await transport.close()

    await until(lambda: engine.applied_seq >= last, timeout=10)
    assert opened[:2] == [1, 1]
    # One batch for what came meanwhile; the newest may still have been on its way from the
    # hub when the applier went on, and come alone. Taken as they came: one per message.
    assert len(opened) <= 4, opened
    assert sum(opened) == LAGGING + 2
    assert (await replica.stats()).inbound_messages == LAGGING + 2
