"""The scripted agent of `switchboard bench faults`, and what a desk reports to the runner.

The agent keeps no memory of its own: whether a customer message is answered is read from the
replica (a reply quotes the message's wamid, ``Re <wamid>``), so a desk killed and started
again answers exactly what is still unanswered. It never hands over, snoozes or resolves, so the
ground truth stays simple: each customer message is answered once, by the desk that holds its
conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.aio import stop_if_cancelled
from app.domain.errors import SwitchboardError
from app.domain.ids import ConversationId
from app.domain.model import ConversationSummary, Direction, Message, QueueView
from app.services.api import Changes
from app.services.desk import DeskSession

log = logging.getLogger(__name__)

REPLY_PREFIX = "Re "
HELD_PREFIX = "held "
"""A customer message the agent leaves for the runner to have answered when it chooses
(`faults_held`): the fault "offline while the window closes" answers it with the desk cut off."""
PAGE = 200
SWEEP_EVERY = 2.0
"""Seconds without a change after which the agent looks at all its conversations again: an
answer that failed during a fault (hub gone, disk full) is tried again without a new change."""


def reply_text(wamid: str) -> str:
    return f"{REPLY_PREFIX}{wamid}"


def answered_wamid(text: str) -> str | None:
    """The wamid a reply of the agent answers, None for any other text."""
    return text[len(REPLY_PREFIX) :] if text.startswith(REPLY_PREFIX) else None


@dataclass(eq=False)
class FaultAgent:
    """Claims what is unassigned and answers its conversations' customer messages once."""

    desk: DeskSession
    _poke: asyncio.Event = field(default_factory=asyncio.Event)
    _dirty: set[ConversationId] = field(default_factory=set)

    async def run(self) -> None:
        """Work until cancelled: a round per change, and a full sweep when nothing happens."""
        unsubscribe = self.desk.subscribe(self._changed)
        sweep = True
        try:
            while True:
                stop_if_cancelled()
                self._poke.clear()
                done = await self._round(sweep)
                sweep = not await self._woken() or not done
        finally:
            unsubscribe()

    async def _woken(self) -> bool:
        """Wait for a change; False when SWEEP_EVERY passed without one."""
        try:
            async with asyncio.timeout(SWEEP_EVERY):
                await self._poke.wait()
        except TimeoutError:
            return False
        return True

    def _changed(self, changes: Changes) -> None:
        if changes.conversations or changes.queue_changed:
            self._dirty |= changes.conversations
            self._poke.set()

    async def _round(self, sweep: bool) -> bool:
        """One pass; False when something failed (the next pass sweeps everything)."""
        dirty, self._dirty = self._dirty, set()
        try:
            for row in await self.desk.queue_page(QueueView.UNASSIGNED, 0, PAGE):
                await self.desk.claim(row.conversation_id)
                dirty.add(row.conversation_id)
            mine = [r.conversation_id for r in await self.desk.queue_page(QueueView.MINE, 0, PAGE)]
            for conversation in mine if sweep else [c for c in mine if c in dirty]:
                await self._answer(conversation)
        except SwitchboardError as error:  # a claim lost, a hub away, a full disk: next round
            log.info("fault agent: %s", error.code)
            return False
        return True

    async def _answer(self, conversation: ConversationId) -> None:
        messages = await all_messages(self.desk, conversation)
        answered = {answered_wamid(m.text) for m in messages if m.direction is Direction.OUTBOUND}
        for message in messages:
            wamid = message.wamid
            held = message.text.startswith(HELD_PREFIX)  # answered when the runner says
            if message.direction is Direction.INBOUND and wamid and wamid not in answered:
                if held:
                    continue
                await self.desk.reply(conversation, reply_text(wamid))


async def all_messages(desk: DeskSession, conversation: ConversationId) -> list[Message]:
    """Every message of a conversation in this replica, oldest first."""
    found: list[Message] = []
    before: int | None = None
    while page := await desk.messages_page(conversation, before, PAGE):
        found[:0] = page
        before = page[0].position
        if len(page) < PAGE:
            break
    return found


WRITES_REFUSED = "writes-refused"
"""Among what `ShownStates.take` returns when the replica refused a write meanwhile: not a
state the window shows, but what tells whether a full disk reached the desk at all (SQLite
writes into room its files already have, so a disk full for a moment may go unnoticed)."""


class ShownStates:
    """The hub and store states a desk's window showed, collected until taken."""

    def __init__(self, desk: DeskSession, refused_writes: Callable[[], int]) -> None:
        self._desk = desk
        self._refused_writes = refused_writes
        self._refused_before = refused_writes()
        self._seen: set[str] = set()
        desk.subscribe_hub_state(lambda state: self._seen.add(state.value))
        desk.subscribe(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.local_store_changed:
            self._seen.add(f"store-{self._desk.local_store().value}")

    def take(self) -> list[str]:
        """What was shown since the last call, and what is shown now."""
        seen = self._seen | {self._desk.hub_state.value, f"store-{self._desk.local_store().value}"}
        self._seen = set()
        refused = self._refused_writes()
        if refused > self._refused_before:
            seen.add(WRITES_REFUSED)
        self._refused_before = refused
        return sorted(seen)


@dataclass(frozen=True, slots=True)
class ReplySeen:
    """One of the agents' replies as a desk shows it."""

    event_id: str
    wamid: str
    """The customer message it answers."""
    status: str
    """`DeliveryStatus` name."""
    error_code: int


@dataclass(frozen=True, slots=True)
class DeskReport:
    """What one desk holds: customer messages by wamid (with copies), the agents' replies."""

    inbound: dict[str, int]
    replies: list[ReplySeen]
    local_store: str
    hub_state: str

    def as_json(self) -> dict[str, Any]:
        return {
            "inbound": self.inbound,
            "replies": [[r.event_id, r.wamid, r.status, r.error_code] for r in self.replies],
            "local_store": self.local_store,
            "hub_state": self.hub_state,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeskReport:
        return cls(
            {str(k): int(v) for k, v in data["inbound"].items()},
            [ReplySeen(str(e), str(w), str(s), int(c)) for e, w, s, c in data["replies"]],
            str(data["local_store"]),
            str(data["hub_state"]),
        )


async def desk_report(desk: DeskSession) -> DeskReport:
    """Read every conversation of the replica (the agents never move one out of the queues)."""
    conversations: set[ConversationId] = set()
    for view in QueueView:
        if view is not QueueView.MINE:
            conversations |= {r.conversation_id for r in await _whole_view(desk, view)}
    inbound: Counter[str] = Counter()
    replies: list[ReplySeen] = []
    for conversation in conversations:
        for message in await all_messages(desk, conversation):
            if message.direction is Direction.INBOUND and message.wamid:
                inbound[message.wamid] += 1
            elif (wamid := answered_wamid(message.text)) is not None:
                seen = ReplySeen(
                    message.event_id.hex(), wamid, message.status.name, message.error_code
                )
                replies.append(seen)
    return DeskReport(dict(inbound), replies, desk.local_store().value, desk.hub_state.value)


async def _whole_view(desk: DeskSession, view: QueueView) -> list[ConversationSummary]:
    rows: list[ConversationSummary] = []
    while page := await desk.queue_page(view, len(rows), PAGE):
        rows.extend(page)
        if len(page) < PAGE:
            break
    return rows
