"""Starting a conversation with a customer known only by phone number (`domain.outreach`).

The conversation a number leads to: the customer's own one if the replica knows their number,
else the one derived from `number_customer_id`, created by a `ConversationStarted` on its
subject (guarded on an empty subject, so two agents starting the same number end up in one).
"""

from __future__ import annotations

import logging
import os

from app.crypto.epoch import conversation_id_for
from app.domain.errors import HubUnreachable
from app.domain.ids import ConversationId, EventId, short
from app.domain.outreach import number_customer_id
from app.log.events import ConversationStarted
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.publisher import Publisher
from app.sync.transport import StaleWrite

log = logging.getLogger(__name__)

EMPTY_SUBJECT = 0
"""The guard of a subject that holds no record yet."""


class ConversationStarter:
    """Finds or creates the conversation for a phone number."""

    def __init__(self, replica: Replica, engine: SyncEngine, publisher: Publisher) -> None:
        self._replica = replica
        self._engine = engine
        self._publisher = publisher

    async def conversation_for(self, wa_id: str) -> ConversationId:
        """The conversation to write to `wa_id` (normalised digits) in; created if need be.

        Raises:
            HubUnreachable: The hub did not answer in time.
        """
        existing = await self._replica.conversation_by_wa_id(wa_id)
        if existing is not None:
            return existing
        subject_key = self._engine.reader.keyring.require_subject_key()
        conversation_id = conversation_id_for(subject_key, number_customer_id(wa_id))
        started = ConversationStarted(conversation_id, wa_id)
        try:
            seq = await self._publisher.member_event(
                started, conversation_id, EventId(os.urandom(16)), EMPTY_SUBJECT
            )
        except StaleWrite:
            # A colleague started it first (or it was started before): it is there to use.
            seq = None
        try:
            if seq is None:
                await self._engine.caught_up()
            else:
                await self._engine.reached(seq)
        except TimeoutError:
            raise HubUnreachable("the new conversation has not come back yet") from None
        log.info("started conversation %s by number", short(conversation_id))
        return conversation_id
