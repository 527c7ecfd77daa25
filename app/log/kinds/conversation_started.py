"""An agent started a conversation with a customer known only by number (member event).

Published on the new conversation's subject before its first reply (a template): it creates
the conversation and its customer row, so the reply has somewhere to go. The customer's id is
`outreach.number_customer_id` until their first answer reveals their BSUID
(`customer_message.conversation_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.errors import PhoneNumberInvalid
from app.domain.events import EventKind
from app.domain.ids import ID_LEN, ConversationId, CustomerId
from app.domain.outreach import normalise_phone, number_customer_id
from app.log.kind import MAX_ID, KindSpec, conversation_keys
from app.log.state import BatchState
from app.log.values import AppliedRecord, Outcome, StoredConversation, StoredCustomer


@dataclass(frozen=True, slots=True)
class ConversationStarted:
    """The conversation (its id derived from `number_customer_id(wa_id)`) and the number."""

    conversation_id: ConversationId
    wa_id: str

    kind = EventKind.CONVERSATION_STARTED

    @property
    def customer_id(self) -> CustomerId:
        return number_customer_id(self.wa_id)


def _write(w: Writer, e: ConversationStarted) -> None:
    w.fixed(e.conversation_id, ID_LEN).text(e.wa_id)


def _read(r: Reader) -> ConversationStarted:
    conversation_id = ConversationId(r.fixed(ID_LEN))
    wa_id = r.text(MAX_ID)
    try:
        if normalise_phone(wa_id) != wa_id:
            raise DecodeError("value")
    except PhoneNumberInvalid:
        raise DecodeError("value") from None
    return ConversationStarted(conversation_id, wa_id)


def _fold(state: BatchState, record: AppliedRecord, ev: ConversationStarted) -> Outcome:
    """Create the conversation unless it exists (a colleague started it first, or the
    customer's own conversation is already here): conversations are never merged."""
    if ev.conversation_id in state.conversations:
        return Outcome.APPLIED
    at = record.author_time or 0
    state.put_customer(StoredCustomer(ev.customer_id, ev.conversation_id, ev.wa_id, ""))
    state.put_conversation(
        StoredConversation(
            ev.conversation_id,
            ev.customer_id,
            assignee=record.author,  # who writes first holds it, as after a claim
            last_subject_seq=record.seq,
            last_at=at,
        )
    )
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.CONVERSATION_STARTED,
    ConversationStarted,
    _write,
    _read,
    _fold,
    conversation_keys,
)
