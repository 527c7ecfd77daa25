"""Auto-assignment as a desk service (issue 12 item 3): the settings admins set, agents saying
they are away, and the assigner every running desk runs.

Decided exactly once for the whole team by one guarded write per conversation: each desk's
assigner looks (one replica read, a bounded page of open conversations nobody holds), decides
with the pure rule of `app.domain.assignment` and publishes an automatic hand-over guarded by
the conversation's sequence, so when desks race the hub stores one and the others step back;
the fold refuses it anyway once someone holds the conversation.

Which desk writes: the chosen agent's own desk, at once. Every other desk stands by and writes
only if the same conversation was planned for the same agent for `STANDBY_SECONDS` without that
desk acting: wasted races stay rare, and an agent's capacity is counted by the one desk that
gives her conversations. When that standby runs out the agent's desk is taken to be gone (quit,
asleep, hanging while her presence has not run out yet): she is left out and the round planned
again, rather than given work she is the least likely to see.

When a desk may decide at all: only on what is current. Before its first round and after each
reconnect it waits, however long, until its replica holds what the hub held (settings, away
flags and colleagues' counts may have changed overnight), and until presence has listened long
enough to know who is online (`PresenceService.ready_at`; before, the desk would see only itself
and give its own agent the whole backlog). A desk without presence assigns nothing.
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
from app.domain.errors import AssignmentRefused, EnvironmentFault, NotPermitted
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import HubState, Role
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
_HEARING = frozenset({HubState.ONLINE, HubState.CANNOT_STORE})


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
        ready_at: Callable[[], float | None],
        caught_up: Callable[[], Awaitable[None]],
        assign: Assign,
    ) -> None:
        """`ready_at`: from when `online` names every running colleague (None: never, no
        presence). `caught_up`: returns once the replica holds what the hub holds now."""
        self._me = me
        self._replica = replica
        self._publisher = publisher
        self._role = role
        self._reached = reached
        self._clock = clock
        self._agents = agents
        self._online = online
        self._ready_at = ready_at
        self._caught_up = caught_up
        self._assign = assign
        self._moved = asyncio.Event()
        self._standby: dict[tuple[ConversationId, DeviceId], float] = {}
        """Conversations planned for a colleague, per colleague: since when."""
        self._hub_returns = 0
        """Counts the hub coming back: the replica must catch up again after each."""
        self._synced_after: int | None = None
        """The `_hub_returns` the replica last caught up after (None: not yet)."""
        self._hearing = True
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

    def hub_state(self, state: HubState) -> None:
        """The hub connection changed: after an outage, catch up again before deciding."""
        hearing = state in _HEARING
        if hearing and not self._hearing:
            self._hub_returns += 1
            self._moved.set()
        self._hearing = hearing

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
            except EnvironmentFault as fault:  # the hub away, also when asked how far it is
                log.info("assigner: %s; trying again later", type(fault).__name__)
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
        ready_at = self._ready_at()
        if ready_at is None:
            return None  # no presence: every colleague would look offline
        if ready_at > self._clock():
            return ready_at - self._clock()  # presence has not heard everyone yet
        await self._catch_up()
        view = await self._replica.assignment_view(PAGE)
        self._enabled = view.settings.enabled
        now = self._clock()
        left_out: frozenset[DeviceId] = frozenset()
        while True:  # ends: each pass leaves out at least one more agent
            candidates = self._candidates(view, left_out)
            decided = plan(view.waiting, candidates, view.settings, view.last, int(now))
            gone = self._gone(decided.assignments, now)
            if not gone:
                break
            log.info("assigner: %d colleague desk(s) did not act; planning without", len(gone))
            left_out |= gone
        mine, later = self._share(decided.assignments, left_out, view, now)
        for conversation_id, agent in mine:
            await self._assign(conversation_id, agent)
        waits = [w for w in (decided.next_due, later) if w is not None]
        return max(0.0, min(waits) - now) if waits else None

    async def _catch_up(self) -> None:
        """Wait, without a time limit, until the replica holds what the hub held, once after
        the start and once after each time the hub came back."""
        returns = self._hub_returns
        if self._synced_after != returns:
            await self._caught_up()
            self._synced_after = returns

    def _candidates(self, view: AssignmentView, left_out: frozenset[DeviceId]) -> list[Agent]:
        online = (self._online() | {self._me}) - left_out
        return [
            Agent(d, d in view.away, d in online, view.open_counts.get(d, 0))
            for d, _ in self._agents()
        ]

    def _gone(
        self, assignments: list[tuple[ConversationId, DeviceId]], now: float
    ) -> frozenset[DeviceId]:
        """Colleagues planned a conversation that stood for them a full standby already."""
        return frozenset(
            agent
            for conversation_id, agent in assignments
            if agent != self._me
            and now - self._standby.get((conversation_id, agent), now) >= STANDBY_SECONDS
        )

    def _share(
        self,
        assignments: list[tuple[ConversationId, DeviceId]],
        left_out: frozenset[DeviceId],
        view: AssignmentView,
        now: float,
    ) -> tuple[list[tuple[ConversationId, DeviceId]], float | None]:
        """What this desk writes now (its own agent's), and when the next standby runs out.
        The standby of agents left out is kept: planned again, they are left out at once."""
        waiting = {w.conversation_id for w in view.waiting}
        standby = {
            key: since
            for key, since in self._standby.items()
            if key[1] in left_out and key[0] in waiting
        }
        mine: list[tuple[ConversationId, DeviceId]] = []
        later: float | None = None
        for conversation_id, agent in assignments:
            if agent == self._me:
                mine.append((conversation_id, agent))
                continue
            since = self._standby.get((conversation_id, agent), now)
            standby[(conversation_id, agent)] = since
            end = since + STANDBY_SECONDS
            later = end if later is None else min(later, end)
        self._standby = standby
        return mine, later
