"""A customer edits or deletes a message they sent (cloud-api.md §16), as Meta reports it.

Meta lets a user edit a text or a caption for 15 minutes after sending, and delete a message
"for everyone" for 2 days; each change comes as a `messages[]` item with a wamid of its own
(`type: edit | revoke`) naming the original by `original_message_id`.
"""

from __future__ import annotations

from typing import Any

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


def edited(kind: str, type_object: Any, words: str) -> dict[str, Any]:
    """The whole new content of an edited message: the text, or the file with a new caption
    (the same file: its id, type and hash as first sent)."""
    if kind == "text":
        return {"type": "text", "text": {"body": words}}
    return {"type": kind, kind: {**dict(type_object), "caption": words}}


def edit_item(
    customer: Customer, wamid: str, now: float, original: str, message: dict[str, Any]
) -> WebhookItem:
    """The `edit` item, carrying the whole new content (`edited`)."""
    change = {"original_message_id": original, "message": message}
    return payloads.inbound_message(customer, wamid, now, "edit", change)


def revoke_item(customer: Customer, wamid: str, now: float, original: str) -> WebhookItem:
    """The `revoke` item (deleted for everyone)."""
    return payloads.inbound_message(
        customer, wamid, now, "revoke", {"original_message_id": original}
    )
