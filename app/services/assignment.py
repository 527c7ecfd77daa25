"""Auto-assignment as a desk service (issue 12 item 3): the settings admins set, agents saying
they are away, and the assigner every running desk runs.

Decided exactly once for the whole team by one guarded write per conversation: each desk's
assigner looks (one replica read, a bounded page of open conversations nobody holds), decides
with the pure rule of `app.domain.assignment` and publishes an automatic hand-over guarded by
the conversation's sequence, so when desks race the hub stores one and the others step back;
the fold refuses it anyway once someone holds the conversation.

Which desk writes: the chosen agent's own desk, at once. Every other desk stands by and writes
only if the same conversation was planned for the same agent for `STANDBY_SECONDS` without that
desk acting (it hangs, say, while its presence has not run out yet): wasted races stay rare,
and an agent's capacity is counted by the one desk that gives her conversations.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable

from app.aio import stop_if_cancelled
from app.domain.assignment import Agent, AssignmentSettings, AssignmentView, canonical, plan
from app.domain.assignment import settings_refusal as refusal_of
from app.domain.errors import AssignmentRefused, HubUnreachable, NotPermitted
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Role
from app.log.events import AgentAvailability, AssignmentSettingsSet
from app.services.labels import MyRole, Reached, publish_list_event
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

PAGE = 500
"""Open conversations nobody holds that one round looks at, the longest waiting first."""
STANDBY_SECONDS = 10.0
"""How long a desk leaves a conversation to the chosen agent's own desk before writing it."""
RETRY_SECONDS = 60.0
"""After a failed round (the hub away, say), when to look again if nothing moves before."""

Assign = Callable[[ConversationId, DeviceId], Awaitable[bool]]
"""Publishes one automatic assignment, guarded; False if someone was first."""


class AutoAssignment:
    """Settings, availability and the assigner for one desk (`DeskApi.assignment`)."""

    def __init__(
        self,
        *,
        me: DeviceId,
        replica: Replica,
        publisher: Publisher,
        role: MyRole,
        reached: Reached,
        clock: Callable[[], float],
        agents: Callable[[], list[tuple[DeviceId, str]]],
        online: Callable[[], frozenset[DeviceId]],
        assign: Assign,
    ) -> None:
        self._me = me
        self._replica = replica
        self._publisher = publisher
        self._role = role
        self._reached = reached
        self._clock = clock
        self._agents = agents
        self._online = online
        self._assign = assign
        self._moved = asyncio.Event()
        self._standby: dict[ConversationId, tuple[DeviceId, float]] = {}
        """Conversations planned for a colleague: for whom, and since when."""
        self._enabled: bool | None = None
        """As of the last round (None before the first): while off, queue changes are not
        worth a replica read (one SQLite trip less per live batch)."""

    # -- settings and availability ----------------------------------------------------------

    def is_admin(self) -> bool:
        """Whether this desk may change the settings; cheap, no I/O."""
        return self._role() is Role.ADMIN

    async def settings(self) -> AssignmentSettings:
        return await self._replica.assignment_settings()

    async def save_settings(self, settings: AssignmentSettings) -> None:
        """Set the team's auto-assignment; returns once this replica shows it.

        Raises:
            NotPermitted: This desk is not an admin's.
            AssignmentRefused: A capacity or the menu's wait is out of range.
            HubUnreachable: The hub did not take it.
        """
        if not self.is_admin():
            raise NotPermitted("only an admin sets auto-assignment")
        settings = canonical(settings)
        refusal = refusal_of(settings)
        if refusal is not None:
            raise AssignmentRefused(refusal)
        settings_id = os.urandom(16)
        event = AssignmentSettingsSet(settings_id, settings, int(self._clock()))
        await publish_list_event(self._publisher, self._reached, event, settings_id)
        log.info("auto-assignment is %s", "on" if settings.enabled else "off")

    async def away_agents(self) -> frozenset[DeviceId]:
        """Agents who said they are away."""
        return await self._replica.away_agents()

    async def set_away(self, away: bool) -> None:
        """Say this agent is away (auto-assignment gives her nothing) or available again;
        returns once this replica shows it. Raises `HubUnreachable`."""
        availability_id = os.urandom(16)
        event = AgentAvailability(availability_id, away, int(self._clock()))
        await publish_list_event(self._publisher, self._reached, event, availability_id)
        log.info("this agent is now %s", "away" if away else "available")

    # -- the assigner -----------------------------------------------------------------------

    def moved(self) -> None:
        """The settings, someone's availability or who is online changed: look again."""
        self._moved.set()

    def queue_moved(self) -> None:
        """The queue changed: look again, if auto-assignment is on."""
        if self._enabled is not False:
            self._moved.set()

    async def run(self) -> None:
        """Forever: assign what is due, then wait until something moves (or a conversation
        waiting for the menu becomes due, or a colleague's desk left one standing)."""
        while True:
            self._moved.clear()
            delay: float | None = None
            try:
                delay = await self.assign_due()
            except HubUnreachable:
                log.info("assigner: the hub is away; trying again later")
                delay = RETRY_SECONDS
            except Exception:  # a bug here must not stop assignment on later tries
                log.exception("assigner failed; trying again later")
                delay = RETRY_SECONDS
            stop_if_cancelled()  # a cancel nats-py dropped this round ends us here
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._moved.wait()

    async def assign_due(self) -> float | None:
        """One round: publish this desk's share of the plan. Returns the seconds until the
        next round is needed without a change (None: only a change)."""
        if self._role() is None:
            return None  # removed from the team
        view = await self._replica.assignment_view(PAGE)
        self._enabled = view.settings.enabled
        now = self._clock()
        decided = plan(view.waiting, self._candidates(view), view.settings, view.last, int(now))
        mine, later = self._share(decided.assignments, now)
        for conversation_id, agent in mine:
            await self._assign(conversation_id, agent)
        waits = [w for w in (decided.next_due, later) if w is not None]
        return max(0.0, min(waits) - now) if waits else None

    def _candidates(self, view: AssignmentView) -> list[Agent]:
        online = self._online() | {self._me}
        return [
            Agent(d, d in view.away, d in online, view.open_counts.get(d, 0))
            for d, _ in self._agents()
        ]

    def _share(
        self, assignments: list[tuple[ConversationId, DeviceId]], now: float
    ) -> tuple[list[tuple[ConversationId, DeviceId]], float | None]:
        """What this desk writes now (its own agent's, and colleagues' left standing), and
        when the next standby runs out."""
        standby: dict[ConversationId, tuple[DeviceId, float]] = {}
        mine: list[tuple[ConversationId, DeviceId]] = []
        later: float | None = None
        for conversation_id, agent in assignments:
            if agent == self._me:
                mine.append((conversation_id, agent))
                continue
            seen = self._standby.get(conversation_id)
            since = seen[1] if seen is not None and seen[0] == agent else now
            if now - since >= STANDBY_SECONDS:
                mine.append((conversation_id, agent))
                continue
            standby[conversation_id] = (agent, since)
            end = since + STANDBY_SECONDS
            later = end if later is None else min(later, end)
        self._standby = standby
        return mine, later
