"""The title and body of a notification, translated (context `notifications`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.domain.ids import DeviceId
from app.domain.notify import Notice, NoticeKind
from app.ui import content_text

PREVIEW_CHARS = 160
"""Banners show a line or two; the conversation shows the rest."""


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("notifications", text, None, n)


def notice_title(notice: Notice, agent_name: Callable[[DeviceId], str]) -> str:
    """Who or what the banner is about."""
    customer = notice.customer_name or tr("a customer")
    actor = agent_name(notice.actor) if notice.actor is not None else ""
    if notice.kind is NoticeKind.NEW_CONVERSATION:
        return tr("New conversation: %1").replace("%1", customer)
    if notice.kind is NoticeKind.MENTION:
        return tr("%1 mentioned you · %2").replace("%1", actor).replace("%2", customer)
    if notice.kind is NoticeKind.ASSIGNED_TO_YOU and notice.actor is None:
        return tr("A conversation was assigned to you automatically")
    if notice.kind is NoticeKind.ASSIGNED_TO_YOU:
        return tr("%1 handed you a conversation").replace("%1", actor)
    if notice.kind is NoticeKind.TAKEN_OVER:
        return tr("%1 took over a conversation").replace("%1", actor)
    return customer


def notice_body(notice: Notice, *, show_text: bool) -> str:
    """The words of the message or note, or a neutral line when the person hides them."""
    if notice.kind in (NoticeKind.ASSIGNED_TO_YOU, NoticeKind.TAKEN_OVER):
        about = tr("Conversation with %1").replace("%1", notice.customer_name)
        if show_text and notice.text.strip():  # the hand-over note
            return tr("%1: %2").replace("%1", about).replace("%2", _trimmed(notice.text))
        return about
    if notice.kind is NoticeKind.MENTION:
        return _trimmed(notice.text) if show_text else tr("New note")
    if not show_text:
        return tr("New message")
    return _trimmed(content_text.preview(notice.content_kind, notice.text)) or tr("New message")


def _trimmed(words: str) -> str:
    words = " ".join(words.split())
    if len(words) > PREVIEW_CHARS:
        return words[: PREVIEW_CHARS - 1].rstrip() + "…"
    return words


def unread_tooltip(count: int, who: str) -> str:
    """The tray icon's tooltip; `who` names the desk (business and agent)."""
    if count <= 0:
        state = tr("No unread conversations")
    elif count == 1:
        state = tr("1 unread conversation")
    else:
        state = tr("%n unread conversations", count)
    app = tr("Switchboard — %1").replace("%1", who) if who else tr("Switchboard")
    return f"{app}\n{state}"


def titled(base: str, count: int) -> str:
    """The window title with the unread count in front: "(3) Switchboard — Anna"."""
    if count <= 0:
        return base
    return tr("(%1) %2").replace("%1", str(count)).replace("%2", base)
