"""Decisions about conversations: status merging, the service window, queue order."""

from __future__ import annotations

from app.domain.events import NumberStatus
from app.domain.handling import ConversationState
from app.domain.ids import DeviceId
from app.domain.model import ConversationSummary, DeliveryStatus, Message, QueueView
from app.domain.send_codes import OUTBOX_GAVE_UP

SERVICE_WINDOW_SECONDS = 24 * 60 * 60
"""Free-form replies are allowed for 24 h after the customer's last message (cloud-api.md §8)."""

_TERMINAL = frozenset({DeliveryStatus.FAILED, DeliveryStatus.CONFLICT})
_NAME_SHOWN = frozenset({"APPROVED", "AVAILABLE_WITHOUT_REVIEW"})
"""`name_status` values under which customers see `verified_name` (cloud-api.md §9)."""


def merge_status(current: DeliveryStatus, reported: DeliveryStatus) -> DeliveryStatus:
    """The status after a report arrives, given that webhooks repeat and arrive out of order.

    A status never moves backwards (a late `delivered` after `read` changes nothing), and a
    failure is final. UNCERTAIN (the gateway lost the send's answer) ranks between QUEUED and
    SENT: any status from Meta settles it, and a lost answer reported late cannot undo one.
    """
    if current in _TERMINAL:
        return current
    return max(current, reported, key=_rank)


def _rank(status: DeliveryStatus) -> float:
    return 1.5 if status is DeliveryStatus.UNCERTAIN else float(status)


def window_open(last_inbound_at: int | None, now: int) -> bool:
    """Whether a free-form reply may be sent at `now` (Unix seconds)."""
    if last_inbound_at is None:
        return False
    return now - last_inbound_at < SERVICE_WINDOW_SECONDS


def window_remaining(last_inbound_at: int | None, now: int) -> int:
    """Seconds left in the customer-service window, 0 when closed."""
    if last_inbound_at is None:
        return 0
    return max(0, last_inbound_at + SERVICE_WINDOW_SECONDS - now)


def unsent(message: Message) -> bool:
    """An own reply that never went out and can be sent again or discarded: the desk's outbox
    gave up on it, or it met a conflict (a colleague wrote first)."""
    if message.status is DeliveryStatus.CONFLICT:
        return True
    return message.status is DeliveryStatus.FAILED and message.error_code == OUTBOX_GAVE_UP


def may_claim(assignee: DeviceId | None, agent: DeviceId) -> bool:
    """An agent may claim a conversation nobody holds; claiming one's own is a no-op."""
    return assignee is None


_STATE_VIEWS = {
    ConversationState.PENDING: QueueView.PENDING,
    ConversationState.SNOOZED: QueueView.SNOOZED,
    ConversationState.RESOLVED: QueueView.RESOLVED,
}


def queue_views_of(
    assignee: DeviceId | None,
    agent: DeviceId,
    state: ConversationState = ConversationState.OPEN,
) -> tuple[QueueView, ...]:
    """The queue views that list a conversation, the one to show it in first.

    The desk keeps its selected tab and its open conversation in agreement: when the open
    conversation is not in the selected view, the desk switches to the first view named here.
    A pending, snoozed or resolved conversation is in its state's tab only.
    """
    if state is not ConversationState.OPEN:
        return (_STATE_VIEWS[state],)
    if assignee is None:
        return (QueueView.UNASSIGNED, QueueView.ALL_OPEN)
    if assignee == agent:
        return (QueueView.MINE, QueueView.ALL_OPEN)
    return (QueueView.ALL_OPEN,)


def queue_order_key(row: ConversationSummary) -> tuple[int, int, bytes]:
    """Sort key for the queue: longest-waiting customers first, then answered by recency."""
    if row.waiting_since is not None:
        return (0, row.waiting_since, row.conversation_id)
    return (1, -row.last_at, row.conversation_id)


def business_badge(status: NumberStatus) -> tuple[str, bool]:
    """How customers see the business number: (name shown, blue check) (cloud-api.md §9).

    The blue check is `is_official_business_account`, the only badge signal on the number. The
    verified name is shown only once Meta approved it (or let it through without review);
    until then, and whenever it is empty, customers see the display phone number.
    """
    named = status.name_status in _NAME_SHOWN and status.verified_name != ""
    shown = status.verified_name if named else status.display_phone_number
    return shown, status.is_official_business_account
