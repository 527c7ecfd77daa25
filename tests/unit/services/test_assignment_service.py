"""`AutoAssignment`'s rounds over a real SQLCipher replica and a clock the test moves: this
desk writes its own agent's conversations at once, a colleague's never: when they stood for
`STANDBY_SECONDS` unwritten her desk is taken to be gone and the round is planned without her;
a conversation waiting for the menu sets the next round's time; off, it writes nothing and
queue changes do not wake it. Nothing is decided before presence has heard everyone, before
the replica caught up (once, and again after the hub came back), nor without presence."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import pytest

from app.domain.assignment import AssignmentSettings
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import HubState, Role
from app.log.events import AssignmentSettingsSet
from app.services.assignment import STANDBY_SECONDS, AutoAssignment
from app.store.replica import Replica
from app.sync.publisher import Publisher
from tests.unit.log.helpers import apply
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of
from tests.unit.store.conftest import db_path, log, replica

__all__ = ["db_path", "log", "replica"]  # the store's fixtures: a real SQLCipher replica

pytestmark = pytest.mark.asyncio

T0 = 10_000.0


class World:
    def __init__(self, replica: Replica) -> None:
        self.now = T0
        self.ready_at: float | None = T0
        self.catch_ups = 0
        self.on_catch_up: Callable[[], Awaitable[None]] | None = None
        """What syncing brings in when the assigner waits for it."""
        self.written: list[tuple[ConversationId, DeviceId]] = []
        self.service = AutoAssignment(
            me=ANNA,
            replica=replica,
            publisher=cast(Publisher, None),  # these rounds publish through `assign` only
            role=lambda: Role.MEMBER,
            reached=self._reached,
            clock=lambda: self.now,
            agents=lambda: [(ANNA, "Anna"), (BORIS, "Boris")],
            online=lambda: frozenset({BORIS}),
            ready_at=lambda: self.ready_at,
            caught_up=self._caught_up,
            assign=self._assign,
        )

    async def _caught_up(self) -> None:
        self.catch_ups += 1
        if self.on_catch_up is not None:
            await self.on_catch_up()

    async def _assign(self, conversation_id: ConversationId, agent: DeviceId) -> bool:
        self.written.append((conversation_id, agent))
        return True

    async def _reached(self, seq: int) -> None:
        return None


async def _settings(replica: Replica, log: LogBuilder, settings: AssignmentSettings) -> None:
    event = AssignmentSettingsSet(b"s" * 16, settings, int(T0))
    await apply(replica, log.record(event, author=ANNA, conversation_id=conversation_of("s")))


async def _two_waiting(replica: Replica, log: LogBuilder) -> tuple[ConversationId, ...]:
    await _settings(replica, log, AssignmentSettings(True, 5))
    first, second = "CC.one", "CC.two"
    await apply(replica, log.customer("hi", customer=first, at=int(T0) - 20))
    await apply(replica, log.customer("hi", customer=second, at=int(T0) - 10))
    return conversation_of(first), conversation_of(second)


async def test_its_own_agent_at_once_a_gone_colleagues_to_someone_else(
    replica: Replica, log: LogBuilder
) -> None:
    first, second = await _two_waiting(replica, log)
    world = World(replica)
    delay = await world.service.assign_due()
    # Round robin from the lowest id: Anna (this desk) first, then Boris (his desk's turn).
    assert world.written == [(first, ANNA)]
    assert delay == STANDBY_SECONDS
    world.now += STANDBY_SECONDS - 1
    await world.service.assign_due()
    assert len(world.written) == 2  # Anna's again (nothing was applied), Boris's still not
    world.now += 1
    await world.service.assign_due()
    # Boris's desk let his stand a full standby: he has quit, so not to him but to Anna.
    assert (second, BORIS) not in world.written
    assert (second, ANNA) in world.written
    world.now += 1
    await world.service.assign_due()  # planned for him again, he is left out at once
    assert (second, BORIS) not in world.written


async def test_nothing_before_presence_has_heard_everyone(
    replica: Replica, log: LogBuilder
) -> None:
    first, _ = await _two_waiting(replica, log)
    world = World(replica)
    world.ready_at = T0 + 15
    assert await world.service.assign_due() == 15  # the round's timer fires then
    assert world.written == []
    world.now = T0 + 15
    await world.service.assign_due()
    assert world.written == [(first, ANNA)]


async def test_without_presence_nothing_at_all(replica: Replica, log: LogBuilder) -> None:
    await _two_waiting(replica, log)
    world = World(replica)
    world.ready_at = None  # a desk without a presence service: colleagues look offline
    assert await world.service.assign_due() is None
    assert world.written == []


async def test_it_decides_on_the_caught_up_replica_and_again_after_an_outage(
    replica: Replica, log: LogBuilder
) -> None:
    await _two_waiting(replica, log)
    world = World(replica)

    async def switched_off_this_morning() -> None:
        event = AssignmentSettingsSet(b"t" * 16, AssignmentSettings(False, 5), int(T0))
        await apply(replica, log.record(event, author=ANNA, conversation_id=conversation_of("t")))
        world.on_catch_up = None

    world.on_catch_up = switched_off_this_morning
    assert await world.service.assign_due() is None
    assert world.written == []  # last night's "on" in the replica did not count
    await world.service.assign_due()
    assert world.catch_ups == 1  # once, not every round
    world.service.hub_state(HubState.OFFLINE)
    world.service.hub_state(HubState.ONLINE)
    assert world.service._moved.is_set()
    await world.service.assign_due()
    assert world.catch_ups == 2


async def test_a_conversation_waiting_for_the_menu_sets_the_next_round(
    replica: Replica, log: LogBuilder
) -> None:
    await _settings(replica, log, AssignmentSettings(True, 5, wait_for_menu_seconds=60))
    await apply(replica, log.customer("hi", customer="CC.one", at=int(T0) - 20))
    world = World(replica)
    assert await world.service.assign_due() == 40
    assert world.written == []


async def test_off_it_writes_nothing_and_the_queue_does_not_wake_it(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi", customer="CC.one", at=int(T0) - 20))
    world = World(replica)
    assert await world.service.assign_due() is None
    assert world.written == []
    world.service.queue_moved()
    assert not world.service._moved.is_set()
    world.service.moved()  # settings or availability: always worth a look
    assert world.service._moved.is_set()
