"""Who hears about what: the routing rules of desktop notifications. Pure, no I/O or Qt.

Something happens in the team (a notice); each desk decides whether its person is told about
it. The services emit only the notices addressed to their desk (`addressed_to`); the window
adds what only it knows, do-not-disturb and which conversation is on screen (`should_alert`).
Counts (unread, the tray badge) never depend on these rules: do-not-disturb silences, it does
not hide.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.content import Activity, ActivityKind, ContentKind, Note
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import Direction, Message


class NoticeKind(enum.Enum):
    """What happened, as far as telling people is concerned."""

    NEW_CONVERSATION = "new_conversation"
    """A customer's message opened a conversation nobody holds (their first, or one after the
    conversation was put away): for everyone."""
    CUSTOMER_MESSAGE = "customer_message"
    """A customer wrote into a conversation someone holds: for the holder."""
    MENTION = "mention"
    """A colleague named a device in a private note: for the one named."""
    ASSIGNED_TO_YOU = "assigned_to_you"
    """A colleague handed a conversation over (assign, transfer) to `target`."""
    TAKEN_OVER = "taken_over"
    """A colleague took over a conversation `target` held."""


_FOR_EVERYONE = frozenset({NoticeKind.NEW_CONVERSATION})


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing that happened that someone may want to hear about.

    `text` and `customer_name` are shown on the person's screen, never logged: `repr` leaves
    them out.
    """

    kind: NoticeKind
    conversation_id: ConversationId
    actor: DeviceId | None
    """The device whose action it was; None when the customer (or Meta) acted."""
    target: DeviceId | None
    """Who it is for: the assignee of a customer message, the person mentioned, the new or
    former holder; None for notices meant for everyone."""
    event_id: EventId | None = None
    """The message or note it is about, when there is one."""
    customer_name: str = field(default="", repr=False)
    text: str = field(default="", repr=False)
    """The words of the message or note ("" for a file without caption)."""
    content_kind: ContentKind = ContentKind.TEXT


def addressed_to(notice: Notice, me: DeviceId) -> bool:
    """Whether the notice is meant for the person at device `me` at all.

    Nobody hears of their own actions; a notice for everyone reaches every other desk; any
    other notice reaches its target only.
    """
    if notice.actor == me:
        return False
    if notice.kind in _FOR_EVERYONE:
        return True
    return notice.target == me


@dataclass(frozen=True, slots=True)
class Attention:
    """What the desk knows about its person right now."""

    me: DeviceId
    do_not_disturb: bool = False
    viewing: ConversationId | None = None
    """The conversation open in the active window (the person is reading it), else None."""


def should_alert(notice: Notice, attention: Attention) -> bool:
    """Whether to show a notification (a banner, a sound) for `notice` now."""
    if not addressed_to(notice, attention.me):
        return False
    if attention.do_not_disturb:
        return False
    return notice.conversation_id != attention.viewing


def customer_notice_kind(*, assignee: DeviceId | None, opens: bool) -> NoticeKind | None:
    """The notice a customer's message gives, or None if it tells nobody.

    Args:
        assignee: Who holds the conversation when the message arrives.
        opens: The message opens the conversation (`opens_conversation`).

    A message into a conversation nobody holds is a new conversation when it opens one; a
    later message there stays in the queue without an alert, since the unassigned queue is
    everyone's and nobody's.
    """
    if assignee is not None:
        return NoticeKind.CUSTOMER_MESSAGE
    if opens:
        return NoticeKind.NEW_CONVERSATION
    return None


_CLOSING = frozenset({ActivityKind.PENDING, ActivityKind.SNOOZED, ActivityKind.RESOLVED})
_OPENING = frozenset({ActivityKind.OPENED, ActivityKind.REOPENED})


def opens_conversation(earlier: Sequence[Message]) -> bool:
    """Whether a customer's message after `earlier` opens its conversation.

    Args:
        earlier: The thread before the message, oldest first (its newest few are enough).

    It does when nothing came before it, or when the conversation was put away (resolved,
    pending, snoozed) and neither a colleague nor a customer's message opened it since: a
    customer coming back to a closed conversation nobody holds is news for everyone again.
    """
    if not earlier:
        return True
    for message in reversed(earlier):
        if message.direction is Direction.INBOUND:
            return False  # the customer wrote since: it was open already
        content = message.content
        if message.direction is Direction.ACTIVITY and isinstance(content, Activity):
            if content.activity in _CLOSING:
                return True
            if content.activity in _OPENING:
                return False
    return False


_HANDED_OVER = {
    ActivityKind.ASSIGNED: NoticeKind.ASSIGNED_TO_YOU,
    ActivityKind.AUTO_ASSIGNED: NoticeKind.ASSIGNED_TO_YOU,
    ActivityKind.TRANSFERRED: NoticeKind.ASSIGNED_TO_YOU,
    ActivityKind.TOOK_OVER: NoticeKind.TAKEN_OVER,
}


def notices_of(
    message: Message, *, assignee: DeviceId | None, opens: bool, customer_name: str
) -> list[Notice]:
    """What one new message of a thread tells people, before anyone's desk filters it.

    Args:
        message: The new message: a customer's, a note, or an activity line (a hand-over).
        assignee: Who holds the conversation now (after the message was applied).
        opens: A customer's message opens the conversation (`opens_conversation`).
        customer_name: Whose conversation it is, for the words of the notification.

    A customer's message gives `customer_notice_kind`; a note one MENTION per colleague named;
    an assign or transfer line ASSIGNED_TO_YOU for the one who got it; a take-over line
    TAKEN_OVER for the one it was taken from. Our own replies, claims, releases and state
    changes tell nobody.
    """

    def notice(kind: NoticeKind, actor: DeviceId | None, target: DeviceId | None) -> Notice:
        return Notice(
            kind,
            message.conversation_id,
            actor,
            target,
            message.event_id,
            customer_name=customer_name,
            text=message.text,
            content_kind=message.kind,
        )

    content = message.content
    if message.direction is Direction.INBOUND:
        kind = customer_notice_kind(assignee=assignee, opens=opens)
        return [] if kind is None else [notice(kind, None, assignee)]
    if message.direction is Direction.NOTE and isinstance(content, Note):
        named = dict.fromkeys(content.mentions)  # once each, in the order written
        return [notice(NoticeKind.MENTION, message.author, device) for device in named]
    if message.direction is Direction.ACTIVITY and isinstance(content, Activity):
        kind = _HANDED_OVER.get(content.activity)
        if kind is not None and content.target is not None:
            # The system acted, not the desk that wrote it (often the assignee's own).
            automatic = content.activity is ActivityKind.AUTO_ASSIGNED
            return [notice(kind, None if automatic else message.author, content.target)]
    return []
