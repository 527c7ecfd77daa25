"""Menu routing: an interactive list the gateway sends as a new conversation's first reply;
the customer's choice puts a label on the conversation (issue 12 item 5).

PURE. The admin's `Menu` names, per row, the label it applies. The gateway asks `menu_due` for
every customer message: the list goes out when the message opens a new conversation (the
customer's first message ever, or the first after a whole service window without one), once,
after the greeting if that is on too. The customer's pick comes back as an ordinary inbound
list reply whose row id is `route_id(label)`; every desk folds it the same way
(`route_label`), so no event is written and nobody needs to be online.

Meta's limits for a list (cloud-api.md §6) are checked here, on the admin's desk, before
anything is published; the simulator refuses a list that breaks them as Meta does.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.business_hours import SERVICE_WINDOW
from app.domain.content import Content, InteractiveReply, ReplyType
from app.domain.labels import LabelId

MAX_OPTIONS = 10
"""Rows of one list message, over all its sections."""
MAX_BODY = 1024
MAX_HEADER = 60
MAX_FOOTER = 60
MAX_BUTTON = 20
"""The button that opens the list."""
MAX_TITLE = 24
"""A row's title."""
MAX_DESCRIPTION = 72
"""A row's description."""
ROUTE_PREFIX = "sb-route:"
"""Row ids of the menu: this prefix, then the label id in lowercase hex (41 characters of
Meta's 200)."""
_LABEL_HEX = 32


@dataclass(frozen=True, slots=True)
class MenuOption:
    """One row of the list: what the customer reads, and the label their pick applies."""

    title: str
    label_id: LabelId
    description: str = ""


@dataclass(frozen=True, slots=True)
class Menu:
    """What an admin set. Switched off, nothing is sent (the options are kept for later)."""

    enabled: bool
    body: str
    button: str
    options: tuple[MenuOption, ...]
    header: str = ""
    footer: str = ""


def menu_refusal(menu: Menu, labels: frozenset[LabelId] | None = None) -> str | None:
    """Why the menu cannot be published (a code `wording` turns into words), or None.

    `labels` are the team's live labels when known: an option must name one of them. Limits
    are checked even when the menu is off, so switching it on later cannot fail at Meta.
    """
    if not menu.body.strip() and (menu.enabled or menu.options):
        return "menu-body-empty"
    if len(menu.body) > MAX_BODY:
        return "menu-body-too-long"
    if len(menu.header) > MAX_HEADER or len(menu.footer) > MAX_FOOTER:
        return "menu-extra-too-long"
    if not menu.button.strip() and (menu.enabled or menu.options):
        return "menu-button-empty"
    if len(menu.button) > MAX_BUTTON:
        return "menu-button-too-long"
    return _options_refusal(menu, labels)


def _options_refusal(menu: Menu, labels: frozenset[LabelId] | None) -> str | None:
    if menu.enabled and not menu.options:
        return "menu-no-options"
    if len(menu.options) > MAX_OPTIONS:
        return "menu-too-many-options"
    for option in menu.options:
        if not option.title.strip():
            return "menu-title-empty"
        if len(option.title) > MAX_TITLE:
            return "menu-title-too-long"
        if len(option.description) > MAX_DESCRIPTION:
            return "menu-description-too-long"
        if labels is not None and option.label_id not in labels:
            return "menu-label-unknown"
    titles = [option.title.strip().casefold() for option in menu.options]
    if len(set(titles)) != len(titles):
        return "menu-title-twice"
    routes = [option.label_id for option in menu.options]
    if len(set(routes)) != len(routes):
        return "menu-label-twice"  # two rows for one label would tell nobody apart
    return None


def route_id(label_id: LabelId) -> str:
    """The row id Meta sends back when the customer picks the row for `label_id`."""
    return ROUTE_PREFIX + label_id.hex()


def route_label(reply_id: str) -> LabelId | None:
    """The label a list reply's row id routes to, or None when it is no menu row (or is
    malformed: exactly 32 lowercase hex digits after the prefix, as `route_id` writes)."""
    if not reply_id.startswith(ROUTE_PREFIX):
        return None
    digits = reply_id[len(ROUTE_PREFIX) :]
    if len(digits) != _LABEL_HEX or digits.strip("0123456789abcdef"):
        return None
    return LabelId(bytes.fromhex(digits))


def chosen_label(content: Content) -> LabelId | None:
    """The label a customer's message picks from the menu, or None for any other message."""
    if not isinstance(content, InteractiveReply) or content.reply_type is not ReplyType.LIST:
        return None
    return route_label(content.reply_id)


def menu_due(
    menu: Menu | None, last_message_at: int | None, received_at: int, now: int
) -> str | None:
    """The key of the menu to send for a customer message received at `received_at` (Unix
    seconds), deciding at `now`; None when none is due.

    `last_message_at` is the customer's message before this one (None: their first ever). The
    menu opens a new conversation: their first message, or the first after a whole service
    window of silence. Nothing once this message's own window has passed (a webhook delivered a
    day late). The key names the window this message opens, so recording it before sending
    keeps a restart or a redelivered webhook from sending the menu twice.
    """
    if menu is None or not menu.enabled or not menu.options:
        return None
    window = int(SERVICE_WINDOW.total_seconds())
    if now - received_at >= window:
        return None
    if last_message_at is not None and received_at - last_message_at < window:
        return None
    return f"menu:{received_at}"


def menu_text(menu: Menu) -> str:
    """The list as plain words, for the team's copy of what was sent (the thread's bubble)."""
    lines = [part for part in (menu.header, menu.body) if part]
    lines += [f"• {option.title}" for option in menu.options]
    if menu.footer:
        lines.append(menu.footer)
    return "\n".join(lines)
