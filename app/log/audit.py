"""Which log records the audit trail lists, and what each says a person did. PURE.

The store writes these facts beside each record it stores (`events.audit_action` and friends),
in the same insert, so the trail pages through the events table by index instead of opening
envelopes again. Only records that changed something count: a hand-over the rules refused, or a
claim for a conversation this desk lacks, took no effect and is not an action anyone took.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import NOTED_ACTIONS, AuditAction
from app.domain.export import ExportScope
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import NO_CONVERSATION, ConversationId, DeviceId
from app.log.kinds.agent_availability import AgentAvailability
from app.log.kinds.assignment_settings import AssignmentSettingsSet
from app.log.kinds.back_office_system import BackOfficeSystemNoted
from app.log.kinds.canned_reply import CannedReplyDefined
from app.log.kinds.claim import Claim
from app.log.kinds.conversation_labelled import ConversationLabelled
from app.log.kinds.exported import Exported
from app.log.kinds.handover import Handover
from app.log.kinds.label_defined import LabelDefined
from app.log.kinds.reply import Reply
from app.log.kinds.settings_noted import SettingsNoted
from app.log.kinds.state_change import StateCause, StateChange
from app.log.kinds.version_announced import VersionAnnounced
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
    return _conversation_facts(event) or _team_facts(event)


def _conversation_facts(event: object) -> AuditFacts | None:
    """Actions on one conversation."""
    match event:
        case Claim():
            return AuditFacts(AuditAction.CLAIMED, event.conversation_id)
        case Handover():
            return AuditFacts(_HANDOVERS[event.action], event.conversation_id, event.target)
        case StateChange() if event.cause == StateCause.AGENT:
            return AuditFacts(_STATES[event.state], event.conversation_id)
        case Reply():
            return AuditFacts(AuditAction.SENT, event.conversation_id)
        case ConversationLabelled():
            added = AuditAction.LABEL_ADDED if event.added else AuditAction.LABEL_REMOVED
            return AuditFacts(added, event.conversation_id)
    return None


def _team_facts(event: object) -> AuditFacts | None:
    """Actions on the team's shared lists and settings, and copies of its data."""
    match event:
        case Exported():
            return _export_facts(event)
        case LabelDefined():
            deleted = event.deleted
            return AuditFacts(AuditAction.LABEL_DELETED if deleted else AuditAction.LABEL_DEFINED)
        case CannedReplyDefined():
            deleted = event.deleted
            return AuditFacts(AuditAction.CANNED_DELETED if deleted else AuditAction.CANNED_SAVED)
        case BackOfficeSystemNoted():
            revoked = event.revoked
            return AuditFacts(
                AuditAction.BACK_OFFICE_REVOKED if revoked else AuditAction.BACK_OFFICE_ADDED
            )
        case VersionAnnounced():
            return AuditFacts(AuditAction.VERSION_ANNOUNCED)
        case SettingsNoted():
            return AuditFacts(NOTED_ACTIONS[event.setting])
        case AssignmentSettingsSet():
            return AuditFacts(AuditAction.ASSIGNMENT_CHANGED)
        case AgentAvailability():
            return AuditFacts(AuditAction.WENT_AWAY if event.away else AuditAction.CAME_BACK)
    return None


def _export_facts(event: Exported) -> AuditFacts:
    if event.scope == ExportScope.BACKUP:
        return AuditFacts(AuditAction.BACKED_UP, detail=event.conversations)
    whole = event.conversation_id == NO_CONVERSATION
    return AuditFacts(
        AuditAction.EXPORTED, None if whole else event.conversation_id, detail=event.conversations
    )
