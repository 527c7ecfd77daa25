"""Words for admins' notices (context "notices"): what Meta said, as one title and a few
explaining lines. Meta's own words (a rejection's reason) are quoted as Meta wrote them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from app.domain.admin_notice import (
    CATEGORY_UPCOMING,
    CREATION_NO_ACCOUNT,
    CREATION_SUBMITTED,
    CREATION_UNREACHABLE,
    AdminNotice,
    NoticeTopic,
)


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in the "notices" context."""
    return QCoreApplication.translate("notices", text, None, n)


def _template_status(event: str) -> str:
    words = {
        "APPROVED": tr("Template %1 was approved"),
        "REJECTED": tr("Template %1 was rejected"),
        "PAUSED": tr("Template %1 was paused for low quality"),
        "DISABLED": tr("Template %1 was disabled"),
        "FLAGGED": tr("Template %1 was flagged for low quality"),
        "REINSTATED": tr("Template %1 can be sent again"),
        "PENDING": tr("Template %1 is waiting for Meta's review"),
        "PENDING_DELETION": tr("Template %1 is being deleted"),
        "DELETED": tr("Template %1 was deleted"),
        "ARCHIVED": tr("Template %1 was archived"),
    }
    return words.get(event, tr("Template %1: %2").replace("%2", event))


def _number_quality(notice: AdminNotice) -> str:
    words = {
        "FLAGGED": tr("The number was flagged for low quality"),
        "UNFLAGGED": tr("The number is no longer flagged"),
        "UPGRADE": tr("The number may now message more customers a day (%1)"),
        "DOWNGRADE": tr("The number may now message fewer customers a day (%1)"),
    }
    text = words.get(notice.event, tr("The number's quality changed: %1"))
    return text.replace("%1", notice.current or notice.event)


def _account(notice: AdminNotice) -> str:
    if notice.event == "DISABLED_UPDATE":
        if notice.current == "REINSTATE":
            return tr("The business account was reinstated")
        return tr("The business account was disabled")
    words = {
        "ACCOUNT_RESTRICTION": tr("The number is restricted"),
        "ACCOUNT_VIOLATION": tr("Meta found a policy violation on the account"),
        "VERIFIED_ACCOUNT": tr("The number is now an official business account"),
        "PARTNER_REMOVED": tr("The number was disconnected from WhatsApp's API"),
    }
    return words.get(notice.event, tr("Account update: %1").replace("%1", notice.event))


def _quality(score: str) -> str:
    words = {"GREEN": tr("high"), "YELLOW": tr("medium"), "RED": tr("low")}
    return words.get(score, tr("unknown"))


_GATEWAY_REASONS = {
    CREATION_UNREACHABLE: lambda: tr("Meta could not be reached; create the template again."),
    CREATION_NO_ACCOUNT: lambda: tr("The WhatsApp number is not connected yet."),
}
"""Why the gateway could not ask Meta at all (its words, not Meta's)."""


def notice_title(notice: AdminNotice) -> str:
    """One line saying what happened."""
    template = f"{notice.subject} ({notice.language})" if notice.language else notice.subject
    match notice.topic:
        case NoticeTopic.TEMPLATE_STATUS:
            text = _template_status(notice.event)
        case NoticeTopic.TEMPLATE_QUALITY:
            text = tr("Template %1 now has %2 quality").replace("%2", _quality(notice.current))
        case NoticeTopic.TEMPLATE_CATEGORY if notice.event == CATEGORY_UPCOMING:
            text = tr("Template %1 will move from %2 to %3")
        case NoticeTopic.TEMPLATE_CATEGORY:
            text = tr("Template %1 moved from %2 to %3")
        case NoticeTopic.NUMBER_QUALITY:
            return _number_quality(notice)
        case NoticeTopic.NUMBER_NAME if notice.event == "APPROVED":
            return tr("The display name %1 was approved").replace("%1", notice.current)
        case NoticeTopic.NUMBER_NAME:
            return tr("The display name %1 was not approved").replace("%1", notice.current)
        case NoticeTopic.ACCOUNT:
            return _account(notice)
        case NoticeTopic.TEMPLATE_CREATION if notice.event == CREATION_SUBMITTED:
            text = tr("Template %1 was sent to Meta for review")
        case NoticeTopic.TEMPLATE_CREATION:
            text = tr("Meta did not accept the new template %1")
        case NoticeTopic.VALUE_ERROR:
            return tr("Meta could not deliver part of a webhook (error %1)").replace(
                "%1", str(notice.code)
            )
    return text.replace("%1", template).replace("%2", notice.previous).replace("%3", notice.current)


def notice_lines(notice: AdminNotice) -> list[str]:
    """What explains it: Meta's reason, its words, its advice, until when."""
    lines = []
    if notice.topic is NoticeTopic.TEMPLATE_CREATION and notice.reason in _GATEWAY_REASONS:
        lines.append(_GATEWAY_REASONS[notice.reason]())
    elif notice.reason:
        lines.append(tr("Reason: %1").replace("%1", notice.reason))
    if notice.detail:
        lines.append(tr("Meta says: %1").replace("%1", notice.detail))
    if notice.advice:
        lines.append(tr("Meta recommends: %1").replace("%1", notice.advice))
    if notice.until:
        lines.append(tr("Until: %1").replace("%1", when(notice.until)))
    return lines


def when(at: int) -> str:
    """A date and time in the user's locale."""
    moment = QDateTime.fromSecsSinceEpoch(at)
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)
