"""The pipelined engine: fetching, opening and applying overlap, and stopping midway loses and
repeats nothing.

A real authenticated hub; the log is filled with genuine gateway events, sealed and published as
in `test_join_big_log` (small sizes: speed is measured by `switchboard bench`, not here).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.errors import StorePaused, StoreUnavailable
from app.domain.model import LocalStoreState, QueueView
from app.gateway.sealing import GatewayLog
from app.hub import Hub
from app.store.records import AppliedRecord, ChangeSet
from app.sync.engine import LIVE_PACE
from app.sync.transport import inbound_subject
from tests.helpers.held_sync import Held
from tests.helpers.wait import until
from tests.integration.test_join_big_log import CUSTOMERS, fill, gateway_login, seal_all
from tests.unit.store.builders import raw

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

EVENTS = 3_000


async def team_with_log(hub: Hub, factory: TeamDeskFactory) -> TeamDesk:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    await fill(hub, factory, anna, EVENTS)
    await anna.desk.caught_up()
    return anna


async def test_a_desk_stopped_while_catching_up_resumes_without_loss_or_repeats(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna = await team_with_log(hub, factory)
    ben = await factory.enroll(anna, "Ben")
    engine = ben.desk.engine
    held = Held(engine)  # midway is a state the test sets, not a race it may lose
    held.allow(2)
    await until(lambda: engine.applied_seq > 0, timeout=30)
    stopped_at = engine.applied_seq
    profile = ben.profile
    factory.desks.remove(ben)
    held.release()  # the worker must not wait while the desk closes
    await ben.close()  # batches fetched and opened but not applied are dropped
    assert stopped_at < engine.progress.total  # it really stopped midway

    dmk = await factory._master_key(profile)  # the in-memory keychain of the test factory
    again = await factory.reopen(profile, dmk)
    await again.desk.caught_up()
    mine, theirs = await again.desk.replica.stats(), await anna.desk.replica.stats()
    assert mine.inbound_messages == theirs.inbound_messages == EVENTS
    assert mine.events_stored == theirs.events_stored
    assert mine.cursor == theirs.cursor
    assert again.desk.engine.refused == 0
    assert await again.desk.session.queue_count(QueueView.ALL_OPEN) == CUSTOMERS


async def test_a_replica_that_fails_pauses_the_sync_which_resumes_once_it_writes_again(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    anna = await team_with_log(hub, factory)
    ben = await factory.enroll(anna, "Ben")
    engine, replica = ben.desk.engine, ben.desk.replica
    held = Held(engine)  # the disk fills midway, however fast this machine syncs
    held.allow(1)
    try:
        await until(lambda: engine.applied_seq > 0, timeout=30)
        pages = (await raw(replica, "PRAGMA page_count"))[0][0]
        await raw(replica, f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
    finally:
        held.release()
    await until(lambda: engine.store_pause.failures > 1, timeout=30)  # retried, still paused
    assert isinstance(engine.store_pause.error, StoreUnavailable)
    assert ben.desk.session.local_store() is LocalStoreState.FAILING
    applied = engine.applied_seq
    assert applied < engine.progress.total
    assert await replica.cursor() == applied  # the cursor never runs ahead of the data
    stats = await replica.stats()
    assert stats.events_stored <= applied
    with pytest.raises(StorePaused):  # an action waiting on the sync hears why at once
        await engine.caught_up(within=30)

    await raw(replica, "PRAGMA max_page_count = 1073741823")  # space freed
    await engine.caught_up(within=None)
    assert engine.store_pause.error is None
    assert ben.desk.session.local_store() is LocalStoreState.OK
    assert await replica.cursor() == engine.progress.total
    assert engine.refused == 0


async def test_waiting_on_a_moving_sync_has_no_time_limit_but_a_stalled_one_ends(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    """A person's action during a new desk's first sync (a claim's conflict check) waits for
    catching up: it may take minutes, so only a sync that stops moving ends the wait."""
    anna = await team_with_log(hub, factory)
    ben = await factory.enroll(anna, "Ben")
    engine = ben.desk.engine
    held = Held(engine)
    try:
        with pytest.raises(TimeoutError):
            await engine.caught_up(within=0.3)  # no permits: the sync stalls
        stalled_at = engine.applied_seq
        assert stalled_at < engine.progress.total

        within = 1.0
        started = time.perf_counter()
        waiting = asyncio.create_task(engine.caught_up(within=within))
        while not waiting.done():
            held.allow(1)
            await asyncio.sleep(within / 4)  # pacing the slow hub, not waiting for a condition
        await waiting  # moving: no limit, however long the rest takes
        took = time.perf_counter() - started
    finally:
        held.release()
    assert took > within  # it did outlast the bound
    assert engine.progress.caught_up
    assert (await ben.desk.replica.stats()).inbound_messages == EVENTS


LIVE_EVENTS = 40


async def test_live_messages_coming_faster_than_the_pace_are_applied_together_none_lost(
    hub: Hub, factory: TeamDeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch costs a commit that writes some twenty pages whatever its size: while the
    log arrives faster than one batch per LIVE_PACE, what came meanwhile is applied as one."""
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    joined = await factory.enroll_gateway(anna)
    assert factory.gateway_keys is not None
    sealed = seal_all(GatewayLog(factory.gateway_keys, joined.chain), LIVE_EVENTS)
    await anna.desk.caught_up()
    replica = anna.desk.replica
    batches: list[int] = []
    apply_batch = replica.apply_batch

    async def counted(records: list[AppliedRecord], cursor: int) -> ChangeSet:
        batches.append(len(records))
        return await apply_batch(records, cursor)

    monkeypatch.setattr(replica, "apply_batch", counted)
    team_hex = joined.team_id.hex()
    transport = await gateway_login(hub, factory.gateway_keys, team_hex)
    started = asyncio.get_running_loop().time()
    try:
        for data in sealed:  # one at a time, each stored before the next: a live gateway
            await transport._js.publish(inbound_subject(team_hex), data)
    finally:
        await transport.close()

    await until(lambda: sum(batches) >= LIVE_EVENTS, timeout=30)
    applied_in = asyncio.get_running_loop().time() - started
    assert (await replica.stats()).inbound_messages == LIVE_EVENTS
    # The first comes at once after the quiet spell, and so does the one fetched right after
    # it; from then on at most one batch per LIVE_PACE until all are applied (on a loaded
    # machine applying lags behind publishing, so the time counts to the last apply). Taken
    # as they come, a desk applies a batch per one to four messages here.
    assert len(batches) <= applied_in / LIVE_PACE + 3, (batches, applied_in)
