"""Words for the audit trail: what each action is called, and what checking found.

Texts are marked with QT_TRANSLATE_NOOP in the `audit` context and translated when shown.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.audit import AuditAction, AuditEntry, Verification
from app.domain.ids import short

_ACTIONS: dict[AuditAction, object] = {
    AuditAction.CLAIMED: QT_TRANSLATE_NOOP("audit", "Claimed"),
    AuditAction.ASSIGNED: QT_TRANSLATE_NOOP("audit", "Assigned"),
    AuditAction.TRANSFERRED: QT_TRANSLATE_NOOP("audit", "Transferred"),
    AuditAction.RELEASED: QT_TRANSLATE_NOOP("audit", "Released to the queue"),
    AuditAction.TOOK_OVER: QT_TRANSLATE_NOOP("audit", "Took over"),
    AuditAction.REOPENED: QT_TRANSLATE_NOOP("audit", "Reopened"),
    AuditAction.MARKED_PENDING: QT_TRANSLATE_NOOP("audit", "Set to pending"),
    AuditAction.SNOOZED: QT_TRANSLATE_NOOP("audit", "Snoozed"),
    AuditAction.RESOLVED: QT_TRANSLATE_NOOP("audit", "Resolved"),
    AuditAction.SENT: QT_TRANSLATE_NOOP("audit", "Sent a message"),
    AuditAction.EXPORTED: QT_TRANSLATE_NOOP("audit", "Exported"),
    AuditAction.INVITED: QT_TRANSLATE_NOOP("audit", "Invited someone"),
    AuditAction.ADDED: QT_TRANSLATE_NOOP("audit", "Added a device"),
    AuditAction.REMOVED: QT_TRANSLATE_NOOP("audit", "Removed"),
    AuditAction.INVITE_CANCELLED: QT_TRANSLATE_NOOP("audit", "Cancelled an invite"),
    AuditAction.LABEL_DEFINED: QT_TRANSLATE_NOOP("audit", "Defined a label"),
    AuditAction.LABEL_DELETED: QT_TRANSLATE_NOOP("audit", "Deleted a label"),
    AuditAction.LABEL_ADDED: QT_TRANSLATE_NOOP("audit", "Added a label"),
    AuditAction.LABEL_REMOVED: QT_TRANSLATE_NOOP("audit", "Removed a label"),
    AuditAction.CANNED_SAVED: QT_TRANSLATE_NOOP("audit", "Saved a canned reply"),
    AuditAction.CANNED_DELETED: QT_TRANSLATE_NOOP("audit", "Deleted a canned reply"),
    AuditAction.BACK_OFFICE_ADDED: QT_TRANSLATE_NOOP("audit", "Connected a back-office system"),
    AuditAction.BACK_OFFICE_REVOKED: QT_TRANSLATE_NOOP("audit", "Revoked a back-office system"),
    AuditAction.VERSION_ANNOUNCED: QT_TRANSLATE_NOOP("audit", "Announced a new version"),
    AuditAction.BACKED_UP: QT_TRANSLATE_NOOP("audit", "Backed up the desk"),
    AuditAction.HOURS_CHANGED: QT_TRANSLATE_NOOP("audit", "Changed the business hours"),
    AuditAction.MENU_CHANGED: QT_TRANSLATE_NOOP("audit", "Changed the menu"),
    AuditAction.NUMBER_CHANGED: QT_TRANSLATE_NOOP("audit", "Changed the number's settings"),
    AuditAction.TEMPLATE_SUBMITTED: QT_TRANSLATE_NOOP("audit", "Submitted a template"),
    AuditAction.HISTORY_REQUESTED: QT_TRANSLATE_NOOP("audit", "Asked for the phone's history"),
    AuditAction.AUTO_ASSIGNED: QT_TRANSLATE_NOOP("audit", "Assigned automatically"),
    AuditAction.ASSIGNMENT_CHANGED: QT_TRANSLATE_NOOP("audit", "Changed auto-assignment"),
    AuditAction.WENT_AWAY: QT_TRANSLATE_NOOP("audit", "Went away"),
    AuditAction.CAME_BACK: QT_TRANSLATE_NOOP("audit", "Available again"),
}

_CHECKS: dict[Verification, object] = {
    Verification.UNCHECKED: "",
    Verification.VERIFIED: QT_TRANSLATE_NOOP("audit", "Signature verified"),
    Verification.FAILED: QT_TRANSLATE_NOOP("audit", "Does not verify"),
}


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in the `audit` context (`%n` takes `n`)."""
    return QCoreApplication.translate("audit", text, None, n)


def action_name(action: AuditAction) -> str:
    return tr(str(_ACTIONS[action]))


def check_text(verdict: Verification) -> str:
    text = str(_CHECKS[verdict])
    return tr(text) if text else ""


def what(entry: AuditEntry) -> str:
    """What the action concerned: the customer's conversation, or the team's part in it."""
    if entry.action == AuditAction.BACKED_UP:
        return tr("Conversations: %n", entry.detail)
    if entry.action == AuditAction.EXPORTED and entry.conversation_id is None:
        return tr("All conversations (%n)", entry.detail)
    if entry.conversation_id is not None:
        return entry.customer or tr("Conversation %1").replace("%1", short(entry.conversation_id))
    if entry.action == AuditAction.REMOVED and entry.detail > 1:
        return tr("%n devices", entry.detail)
    return tr("Team")
