"""Words for roles, last-seen times and invite expiry (context "team")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from app.domain.model import Role
from app.ui import wording


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in the "team" context."""
    return QCoreApplication.translate("team", text, None, n)


def role_name(role: Role) -> str:
    """ "Admin", "Member" or "Gateway"."""
    if role is Role.ADMIN:
        return tr("Admin")
    if role is Role.MEMBER:
        return tr("Member")
    return tr("Gateway")


def role_explanation(role: Role) -> str:
    """One line on what a role may do, for the invite's role choice."""
    if role is Role.ADMIN:
        return tr("Answers customers, and can invite and remove people.")
    if role is Role.MEMBER:
        return tr("Answers customers.")
    return tr("The service that connects the team to WhatsApp.")


def last_seen(at: int | None, now: int, is_me: bool = False) -> str:
    """ "Active now", "Seen 5 min ago", "Seen 12 Mar", or "Never seen"."""
    if is_me:
        return tr("This device")
    if at is None:
        return tr("Never seen")
    gap = max(0, now - at)
    if gap < 120:
        return tr("Active now")
    if gap < 24 * 3600:
        return tr("Seen %1 ago").replace("%1", wording.duration(gap))
    day = QDateTime.fromSecsSinceEpoch(at).date()
    return tr("Seen %1").replace("%1", QLocale().toString(day, QLocale.FormatType.ShortFormat))


def valid_until(expires_at: int, now: int) -> str:
    """ "Valid until 14:03 tomorrow, single use" in the user's locale."""
    moment = QDateTime.fromSecsSinceEpoch(expires_at)
    when = wording.clock_time(expires_at)
    days = QDateTime.fromSecsSinceEpoch(now).date().daysTo(moment.date())
    if days == 0:
        return tr("Valid until %1 today, single use").replace("%1", when)
    if days == 1:
        return tr("Valid until %1 tomorrow, single use").replace("%1", when)
    date = QLocale().toString(moment.date(), QLocale.FormatType.ShortFormat)
    return tr("Valid until %1 %2, single use").replace("%1", when).replace("%2", date)
