"""Scripted agents for the headless demo: claim what is unassigned, answer every message.

They use exactly the desk's public use-cases (`DeskApi`), as a person at a window would, so the
headless run exercises the same services, sync and store code as the windows.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass, field

from app.domain.errors import AlreadyClaimed, SwitchboardError
from app.domain.ids import ConversationId, EventId
from app.domain.model import Direction, QueueView
from app.services.desk import DeskSession

log = logging.getLogger(__name__)

PAGE = 100


@dataclass(eq=False)
class ScriptedAgent:
    """One agent: reacts to every change on its desk until stopped."""

    name: str
    desk: DeskSession
    answered: set[EventId] = field(default_factory=set)
    reply_tokens: list[str] = field(default_factory=list)
    claims_won: int = 0
    claims_lost: int = 0
    replies_sent: int = 0
    _poke: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        """Work until cancelled; each change on the desk wakes one round."""
        unsubscribe = self.desk.subscribe(lambda _changes: self._poke.set())
        try:
            while True:
                self._poke.clear()
                await self._round()
                await self._poke.wait()
        finally:
            unsubscribe()

    def poke(self) -> None:
        self._poke.set()

    async def _round(self) -> None:
        for row in await self.desk.queue_page(QueueView.UNASSIGNED, 0, PAGE):
            await self._try_claim(row.conversation_id)
        for row in await self.desk.queue_page(QueueView.MINE, 0, PAGE):
            await self._answer(row.conversation_id)

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
        for message in messages:
            if message.direction is not Direction.INBOUND or message.event_id in self.answered:
                continue
            token = secrets.token_hex(8)
            try:
                await self.desk.reply(conversation_id, f"Thanks, {self.name} here. Ref {token}.")
            except SwitchboardError as error:
                log.warning("%s could not reply: %s", self.name, error.code)
                continue
            self.answered.add(message.event_id)
            self.reply_tokens.append(token)
            self.replies_sent += 1
