"""Which log records the audit trail lists, and what each says a person did. PURE.

The store writes these facts beside each record it stores (`events.audit_action` and friends),
in the same insert, so the trail pages through the events table by index instead of opening
envelopes again. Only records that changed something count: a hand-over the rules refused, or a
claim for a conversation this desk lacks, took no effect and is not an action anyone took.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import AuditAction
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import NO_CONVERSATION, ConversationId, DeviceId
from app.log.kinds.claim import Claim
from app.log.kinds.exported import Exported
from app.log.kinds.handover import Handover
from app.log.kinds.reply import Reply
from app.log.kinds.state_change import StateCause, StateChange
from app.log.values import Outcome


@dataclass(frozen=True, slots=True)
class AuditFacts:
    """What the events table keeps about an audited record, beside its envelope."""

    action: AuditAction
    conversation_id: ConversationId | None = None
    target: DeviceId | None = None
    detail: int = 0


_HANDOVERS = {
    HandoverAction.ASSIGN: AuditAction.ASSIGNED,
    HandoverAction.TRANSFER: AuditAction.TRANSFERRED,
    HandoverAction.RELEASE: AuditAction.RELEASED,
    HandoverAction.TAKE_OVER: AuditAction.TOOK_OVER,
    HandoverAction.AUTO_ASSIGN: AuditAction.AUTO_ASSIGNED,
}
_STATES = {
    ConversationState.OPEN: AuditAction.REOPENED,
    ConversationState.PENDING: AuditAction.MARKED_PENDING,
    ConversationState.SNOOZED: AuditAction.SNOOZED,
    ConversationState.RESOLVED: AuditAction.RESOLVED,
}


def audit_facts(event: object, outcome: Outcome) -> AuditFacts | None:
    """The action a stored record took, or None if it is none a person took."""
    if outcome != Outcome.APPLIED:
        return None
    match event:
        case Claim():
            return AuditFacts(AuditAction.CLAIMED, event.conversation_id)
        case Handover():
            return AuditFacts(_HANDOVERS[event.action], event.conversation_id, event.target)
        case StateChange() if event.cause == StateCause.AGENT:
            return AuditFacts(_STATES[event.state], event.conversation_id)
        case Reply():
            return AuditFacts(AuditAction.SENT, event.conversation_id)
        case Exported():
            whole = event.conversation_id == NO_CONVERSATION
            return AuditFacts(
                AuditAction.EXPORTED,
                None if whole else event.conversation_id,
                detail=event.conversations,
            )
    return None
