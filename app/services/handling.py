"""Hand-over, conversation states and private notes: the desk's guarded member events.

Each action is decided on what the agent saw (the conversation's detail with its guard) and
published guarded by that sequence, like a claim: when two desks act at once the hub stores one,
the other desk catches up and its agent is told in words who changed the conversation first.
Rules are `app.domain.handling`'s, checked here before anything is published and again by the
fold. Notes are guard-neutral: they go in whatever came before and never make a reply stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable

from app.aio import stop_if_cancelled
from app.domain.errors import (
    ConversationChanged,
    HandoverRefused,
    HubUnreachable,
    NoteRefused,
    StateRefused,
)
from app.domain.handling import (
    ConversationState,
    HandoverAction,
    handover_refusal,
    state_refusal,
)
from app.domain.ids import ConversationId, DeviceId, EventId, short
from app.domain.model import ConversationDetail
from app.domain.notes import note_refusal
from app.log.events import Event, Handover, Note, StateCause, StateChange
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.outbox import MAX_JUNK_SKIPS
from app.sync.publisher import Publisher
from app.sync.transport import StaleWrite, TransportUnavailable

log = logging.getLogger(__name__)

Guarded = Callable[[ConversationId], Awaitable[ConversationDetail]]
"""The detail an action decides on, with its guard read in the same transaction."""

WAKE_CHECK_SECONDS = 60.0
"""How often the snooze waker looks again when nothing is due sooner (new snoozes arrive)."""


class ConversationActions:
    """Hand-over, states and notes for one desk (`DeskSession` delegates to it)."""

    def __init__(
        self,
        *,
        me: DeviceId,
        names: Callable[[DeviceId], str],
        replica: Replica,
        engine: SyncEngine,
        publisher: Publisher,
        guarded: Guarded,
        clock: Callable[[], float],
        settled: Callable[[ConversationId], Awaitable[None]] | None = None,
    ) -> None:
        self._me = me
        self._names = names
        self._replica = replica
        self._engine = engine
        self._publisher = publisher
        self._guarded = guarded
        self._clock = clock
        self._settled = settled
        """Waits for this desk's queued replies to the conversation to reach the log."""
        self._queue_moved = asyncio.Event()

    async def hand_over(
        self,
        conversation_id: ConversationId,
        action: HandoverAction,
        target: DeviceId | None = None,
        note: str = "",
    ) -> None:
        """Assign, transfer (with a note), release or take over the conversation.

        Raises:
            HandoverRefused: The rules do not allow it (`reason` says which).
            ConversationChanged: A colleague changed the conversation first; nothing was sent.
            HubUnreachable: The hub did not answer; try again.
        """

        def decide(detail: ConversationDetail) -> Event:
            refusal = handover_refusal(action, detail.assignee, self._me, target)
            if refusal is not None:
                raise HandoverRefused(refusal)
            return Handover(conversation_id, action, target, note.strip())

        await self._publish_guarded(conversation_id, decide)
        log.info("hand-over %s of %s", action.name.lower(), short(conversation_id))

    async def set_state(
        self, conversation_id: ConversationId, state: ConversationState, snooze_until: int = 0
    ) -> None:
        """Resolve, park as pending, snooze until `snooze_until` (Unix seconds) or reopen.

        Raises:
            StateRefused: Nothing would change, or the snooze ends in the past.
            ConversationChanged, HubUnreachable: as for `hand_over`.
        """
        now = int(self._clock())

        def decide(detail: ConversationDetail) -> Event:
            refusal = state_refusal(detail.state, state, snooze_until, now)
            if refusal is not None:
                raise StateRefused(refusal)
            until = snooze_until if state == ConversationState.SNOOZED else 0
            return StateChange(conversation_id, state, until)

        await self._publish_guarded(conversation_id, decide)
        log.info("state of %s is now %s", short(conversation_id), state.name.lower())

    async def add_note(
        self, conversation_id: ConversationId, text: str, mentions: tuple[DeviceId, ...] = ()
    ) -> None:
        """Add a private note, mentioning `mentions` (they are notified). Returns once the note
        is in the log and this replica.

        Raises:
            NoteRefused: The note is empty or too long, or mentions too many colleagues.
            HubUnreachable: The hub did not take it; nothing was added.
        """
        text = text.strip()
        unique = tuple(dict.fromkeys(mentions))
        refusal = note_refusal(text, unique)
        if refusal is not None:
            raise NoteRefused(refusal)
        await self._guarded(conversation_id)  # an unknown conversation raises here
        event_id = EventId(os.urandom(16))
        note = Note(conversation_id, text, unique)
        try:
            seq = await self._publisher.member_event(note, conversation_id, event_id, None)
        except TransportUnavailable:
            raise HubUnreachable("the hub did not take the note") from None
        await self._reached(seq)

    async def auto_assign(self, conversation_id: ConversationId, agent: DeviceId) -> bool:
        """Give a conversation nobody holds to `agent` for the team's auto-assignment; returns
        whether this desk's decision went through. Several desks may try at once: the guard
        lets one through, the rest step back (as `wake_due_snoozes`)."""

        def decide(detail: ConversationDetail) -> Event:
            if detail.assignee is not None or detail.state != ConversationState.OPEN:
                raise HandoverRefused("held")  # claimed, assigned or closed meanwhile
            return Handover(conversation_id, HandoverAction.AUTO_ASSIGN, agent)

        try:
            await self._publish_guarded(conversation_id, decide)
        except (ConversationChanged, HandoverRefused):
            return False
        log.info("%s assigned automatically to %s", short(conversation_id), short(agent))
        return True

    async def wake_due_snoozes(self) -> int:
        """Publish the end of every snooze whose time has come; returns how many this desk
        ended. Several desks may try at once: the guard lets one through, the rest step back."""
        woken = 0
        for conversation_id in await self._replica.snoozes_due(int(self._clock())):
            try:
                await self._publish_guarded(conversation_id, _snooze_end)
                woken += 1
            except (ConversationChanged, StateRefused):
                continue  # a colleague's desk, or the customer, woke it first
        return woken

    def queue_moved(self) -> None:
        """A snooze was set, moved or ended (`ChangeSet.snoozes_changed`): look again."""
        self._queue_moved.set()

    async def run_snooze_waker(self) -> None:
        """Forever: wait until the next snooze ends (looking again when a snooze is set, moved
        or ended, and at least once a minute), then end what is due."""
        while True:
            upcoming = await self._replica.next_wake()
            delay = WAKE_CHECK_SECONDS
            if upcoming is not None:
                delay = min(delay, max(0.0, upcoming - self._clock()))
            self._queue_moved.clear()
            stop_if_cancelled()  # a cancel nats-py dropped this round ends us here
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._queue_moved.wait()
            if self._queue_moved.is_set():
                continue  # something moved: the next snooze may be another one
            try:
                await self.wake_due_snoozes()
            except HubUnreachable:
                log.info("snooze waker: the hub is away; trying again later")
            except Exception:  # a bug here must not stop snoozes from ending on later tries
                log.exception("snooze waker failed; trying again later")

    async def _publish_guarded(
        self, conversation_id: ConversationId, decide: Callable[[ConversationDetail], Event]
    ) -> None:
        if self._settled is not None:
            await self._settled(conversation_id)  # "reply, then resolve" keeps that order
        detail = await self._guarded(conversation_id)
        event = decide(detail)
        event_id = EventId(os.urandom(16))
        known = guard = detail.last_subject_seq
        for _ in range(MAX_JUNK_SKIPS):
            try:
                seq = await self._publisher.member_event(event, conversation_id, event_id, guard)
                break
            except StaleWrite as stale:
                await self._caught_up()
                # Records the hub stored that this desk refused (junk) or that leave the
                # guard be (notes) did not change the conversation: the action goes after them.
                skip = await self._engine.past_refused(conversation_id, known, stale)
                if skip is None:
                    raise ConversationChanged(await self._who_changed(detail)) from None
                guard = skip
            except TransportUnavailable:
                raise HubUnreachable("the hub did not answer") from None
        else:
            raise ConversationChanged("")
        await self._reached(seq)

    async def _who_changed(self, before: ConversationDetail) -> str:
        """The colleague who now holds the conversation, if that is what changed."""
        fresh = await self._guarded(before.conversation_id)
        if fresh.assignee is not None and fresh.assignee != before.assignee:
            return self._names(fresh.assignee)
        return ""

    async def _reached(self, seq: int) -> None:
        try:
            await self._engine.reached(seq)
        except TimeoutError:
            raise HubUnreachable("the change is stored but has not come back yet") from None

    async def _caught_up(self) -> None:
        try:
            await self._engine.caught_up()
        except TimeoutError:
            raise HubUnreachable("the hub did not answer in time") from None


def _snooze_end(detail: ConversationDetail) -> Event:
    if detail.state != ConversationState.SNOOZED:
        raise StateRefused("same-state")  # woken meanwhile, by a colleague's desk or the customer
    return StateChange(
        detail.conversation_id, ConversationState.OPEN, cause=StateCause.SNOOZE_ENDED
    )
