"""A customer edits or deletes a message they sent (cloud-api.md §16), as Meta reports it.

Meta lets a user edit a text or a caption for 15 minutes after sending, and delete a message
"for everyone" for 2 days; each change comes as a `messages[]` item with a wamid of its own
(`type: edit | revoke`) naming the original by `original_message_id`.
"""

from __future__ import annotations

from app.simulator import payloads
from app.simulator.payloads import WebhookItem
from app.simulator.state import Customer

EDIT_WINDOW_S = 15 * 60
REVOKE_WINDOW_S = 2 * 24 * 3600


def check_window(sent_at: float | None, now: float, window_s: float, what: str) -> None:
    """Refuse a change WhatsApp would not offer on the customer's phone.

    Raises:
        ValueError: The message is not the customer's, or too old to change.
    """
    if sent_at is None:
        raise ValueError(f"customers {what} only messages they sent")
    if now - sent_at > window_s:
        raise ValueError(f"too late to {what} this message")


def edit_item(customer: Customer, wamid: str, now: float, original: str, body: str) -> WebhookItem:
    """The `edit` item: the whole new content, here a text."""
    change = {"original_message_id": original, "message": {"type": "text", "text": {"body": body}}}
    return payloads.inbound_message(customer, wamid, now, "edit", change)


def revoke_item(customer: Customer, wamid: str, now: float, original: str) -> WebhookItem:
    """The `revoke` item (deleted for everyone)."""
    return payloads.inbound_message(
        customer, wamid, now, "revoke", {"original_message_id": original}
    )
