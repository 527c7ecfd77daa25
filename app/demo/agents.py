"""Scripted agents for the demo: claim what is unassigned, open each conversation with the team's
"hello" canned reply and a label for what the customer asks, answer every message, and now and
then write a private note, transfer a conversation to a colleague, snooze it or resolve it, as a
team at work does (the customer's next message brings a resolved one back).

They use exactly the desk's public use-cases (`DeskApi`), as a person at a window would, so the
headless run exercises the same services, sync and store code as the windows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from app.demo.habits import label_for, opening_reply
from app.domain.errors import AlreadyClaimed, SwitchboardError
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId, EventId
from app.domain.model import ConversationSummary, Direction, Message, QueueView
from app.services.desk import DeskSession

log = logging.getLogger(__name__)

PAGE = 100
SNOOZE_SECONDS = 2
"""Short, so the desks' snooze waker reopens conversations within the run."""
HABITS = ("none", "none", "note", "transfer", "snooze", "resolve")
"""What an agent may do after answering, picked by the answered message's id."""


@dataclass(eq=False)
class ScriptedAgent:
    """One agent: reacts to every change on its desk until stopped."""

    name: str
    desk: DeskSession
    answered: set[EventId] = field(default_factory=set)
    """Inbound messages answered; shared by the team, so a conversation handed over is not
    answered twice."""
    handled: Counter[str] = field(default_factory=Counter)
    """Notes, transfers, snoozes and resolves done (the report's `handling`)."""
    reply_tokens: list[str] = field(default_factory=list)
    habits: tuple[str, ...] = HABITS
    patience: float = 0.0
    """Seconds a customer waits unclaimed before this agent claims the conversation (a
    colleague beside people at windows leaves them the first go)."""
    capacity: int | None = None
    references: bool = True
    """End each reply with a fresh reference, by which the headless demo finds every reply at
    its customer; people watching the windows are spared them."""
    """Open conversations of its own at most; None: no limit."""
    claims_won: int = 0
    claims_lost: int = 0
    replies_sent: int = 0
    canned_used: int = 0
    """Conversations opened with the "hello" canned reply."""
    labels_applied: int = 0
    _poke: asyncio.Event = field(default_factory=asyncio.Event)
    _all_answered: set[tuple[ConversationId, int]] = field(default_factory=set)

    async def run(self) -> None:
        """Work until cancelled; each change on the desk wakes one round."""
        unsubscribe = self.desk.subscribe(lambda _changes: self._poke.set())
        try:
            while True:
                self._poke.clear()
                due_in = await self._round()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(due_in):  # None: only a change wakes it
                        await self._poke.wait()
        finally:
            unsubscribe()

    def poke(self) -> None:
        self._poke.set()

    async def _round(self) -> float | None:
        """Claim, answer and reopen what is due; returns the seconds until a conversation
        waiting unclaimed tries this agent's patience (None: none waits)."""
        due_in = await self._claim_due()
        for row in await self.desk.queue_page(QueueView.MINE, 0, PAGE):
            await self._answer(row.conversation_id)
        await self._reopen_waiting()
        return due_in

    async def _claim_due(self) -> float | None:
        now = time.time()
        due_in: float | None = None
        for row in await self.desk.queue_page(QueueView.UNASSIGNED, 0, PAGE):
            waited = now - (row.waiting_since or row.last_at)
            if waited < self.patience:
                left = self.patience - waited
                due_in = left if due_in is None else min(due_in, left)
            elif not await self._full():
                await self._try_claim(row.conversation_id)
        return due_in

    async def _full(self) -> bool:
        if self.capacity is None:
            return False
        return await self.desk.queue_count(QueueView.MINE) >= self.capacity

    async def _try_claim(self, conversation_id: ConversationId) -> None:
        detail = await self.desk.conversation(conversation_id)
        if detail is None or detail.assignee is not None:
            return  # the page was older than the replica: someone holds it already
        try:
            await self.desk.claim(conversation_id)
            self.claims_won += 1
        except AlreadyClaimed:
            self.claims_lost += 1
        except SwitchboardError as error:
            log.warning("%s could not claim: %s", self.name, error.code)

    async def _answer(self, conversation_id: ConversationId) -> None:
        messages = await self.desk.messages_page(conversation_id, None, PAGE)
        opened = any(m.direction is Direction.OUTBOUND and m.author is not None for m in messages)
        last: EventId | None = None
        for message in messages:
            if message.direction is not Direction.INBOUND or message.event_id in self.answered:
                continue
            canned = None if opened else await self._opening(conversation_id, message)
            text, token = self._worded(canned)
            try:
                await self.desk.reply(conversation_id, text)
            except SwitchboardError as error:
                log.warning("%s could not reply: %s", self.name, error.code)
                continue
            if canned is not None:
                self.canned_used += 1
            if token is not None:
                self.reply_tokens.append(token)
            opened = True
            self.answered.add(message.event_id)
            self.replies_sent += 1
            last = message.event_id
        if last is not None:
            await self._handle(conversation_id, last)

    def _worded(self, canned: str | None) -> tuple[str, str | None]:
        """The reply's text (the canned opening or a thank-you), with its reference if any."""
        text = canned or f"Thanks, {self.name} here."
        if not self.references:
            return text, None
        token = secrets.token_hex(8)
        return f"{text} Ref {token}.", token

    async def _opening(self, conversation_id: ConversationId, first: Message) -> str | None:
        """Label the conversation by the customer's first words; the filled-in "hello"
        canned reply to open it with (None: the team has none)."""
        await self._label(conversation_id, label_for(first.text))
        detail = await self.desk.conversation(conversation_id)
        name = detail.customer_name if detail is not None else ""
        return opening_reply(await self.desk.canned.canned_replies(), name, self.desk.my_name)

    async def _label(self, conversation_id: ConversationId, name: str | None) -> None:
        wanted = [label for label in await self.desk.labels.labels() if label.name == name]
        if not wanted:
            return
        try:
            await self.desk.labels.set_label(conversation_id, wanted[0].label_id, True)
        except SwitchboardError as error:
            log.info("%s could not label: %s", self.name, error.code)
            return
        self.labels_applied += 1

    async def _reopen_waiting(self) -> None:
        """A customer who wrote just as the conversation was put away waits in Resolved or
        Snoozed: reopen it to answer (waiting rows come first in every tab).

        Messages that reached the log while a reply was on its way are not marked waiting (the
        reply clears the mark, see the report to issue 8); the agent still answers them."""
        for view in (QueueView.RESOLVED, QueueView.SNOOZED, QueueView.PENDING):
            for row in await self.desk.queue_page(view, 0, PAGE):
                if row.assignee != self.desk.me:
                    continue
                if row.waiting_since is None and not await self._unanswered(row):
                    continue
                try:
                    await self.desk.set_state(row.conversation_id, ConversationState.OPEN)
                except SwitchboardError as error:
                    log.info("%s could not reopen: %s", self.name, error.code)

    async def _unanswered(self, row: ConversationSummary) -> bool:
        """Whether the conversation holds an inbound message nobody answered. A count found
        all answered stays so (answers are only ever added), so it is not paged again."""
        key = (row.conversation_id, row.message_count)
        if key in self._all_answered:
            return False
        messages = await self.desk.messages_page(row.conversation_id, None, PAGE)
        if any(
            m.direction is Direction.INBOUND and m.event_id not in self.answered for m in messages
        ):
            return True
        self._all_answered.add(key)
        return False

    async def _handle(self, conversation_id: ConversationId, answered: EventId) -> bool:
        """Maybe note, transfer, snooze or resolve, chosen by the answered message's id (so
        a run is reproducible from its log). Returns True if the conversation moved.

        The id's last bytes choose: they are random in every id, while a message's first bytes
        are its author's clock (`time_ordered_event_id`), the same for every message of a
        minute."""
        action = self.habits[answered[-1] % len(self.habits)]
        colleagues = self.desk.colleagues()
        try:
            if action == "note" and colleagues:
                device, name = colleagues[answered[-2] % len(colleagues)]
                await self.desk.add_note(conversation_id, f"@{name} FYI, answered.", (device,))
            elif action == "transfer" and colleagues:
                device, _ = colleagues[answered[-2] % len(colleagues)]
                await self.desk.hand_over(
                    conversation_id, HandoverAction.TRANSFER, device, "Over to you."
                )
            elif action == "snooze":
                until = int(time.time()) + SNOOZE_SECONDS
                await self.desk.set_state(conversation_id, ConversationState.SNOOZED, until)
            elif action == "resolve":
                await self.desk.set_state(conversation_id, ConversationState.RESOLVED)
            else:
                return False
        except SwitchboardError as error:
            log.info("%s could not %s: %s", self.name, action, error.code)
            return False
        self.handled[action] += 1
        return action != "note"
