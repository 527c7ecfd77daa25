"""`AutoAssignment`'s rounds over a real SQLCipher replica and a clock the test moves: this
desk writes its own agent's conversations at once, a colleague's only after they stood for
`STANDBY_SECONDS` unchanged; a conversation waiting for the menu sets the next round's time;
off, it writes nothing and queue changes do not wake it."""

from __future__ import annotations

from typing import cast

import pytest

from app.domain.assignment import AssignmentSettings
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Role
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
            assign=self._assign,
        )

    async def _assign(self, conversation_id: ConversationId, agent: DeviceId) -> bool:
        self.written.append((conversation_id, agent))
        return True

    async def _reached(self, seq: int) -> None:
        return None


async def _settings(replica: Replica, log: LogBuilder, settings: AssignmentSettings) -> None:
    event = AssignmentSettingsSet(b"s" * 16, settings, int(T0))
    await apply(replica, log.record(event, author=ANNA, conversation_id=conversation_of("s")))


async def test_its_own_agent_at_once_a_colleagues_after_the_standby(
    replica: Replica, log: LogBuilder
) -> None:
    await _settings(replica, log, AssignmentSettings(True, 5))
    first, second = "CC.one", "CC.two"
    await apply(replica, log.customer("hi", customer=first, at=int(T0) - 20))
    await apply(replica, log.customer("hi", customer=second, at=int(T0) - 10))
    world = World(replica)
    delay = await world.service.assign_due()
    # Round robin from the lowest id: Anna (this desk) first, then Boris (his desk's turn).
    assert world.written == [(conversation_of(first), ANNA)]
    assert delay == STANDBY_SECONDS
    world.now += STANDBY_SECONDS - 1
    await world.service.assign_due()
    assert len(world.written) == 2  # Anna's again (nothing was applied), Boris's still not
    world.now += 1
    await world.service.assign_due()
    assert (conversation_of(second), BORIS) in world.written


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
