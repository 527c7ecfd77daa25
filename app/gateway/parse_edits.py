"""A customer's edit or deletion of a message they sent (`type: edit | revoke`, cloud-api.md §16).

Both name the message they change by `original_message_id` and carry a wamid of their own,
which the gateway de-duplicates on like any message's. An edit carries the whole new content
(`edit.message`): new words, or a media message with its new caption; the file stays the
original's, so only the caption is read here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.domain.content import Content
from app.domain.ids import CustomerId, Wamid
from app.gateway.parse_content import CONTENT_READERS
from app.gateway.parse_fields import Skip, as_dict, label, required_id, timestamp, valid_id
from app.log.events import CustomerEdit, CustomerRevoke

EDITABLE = frozenset({"text", "image", "video", "document"})
"""What a customer can edit: a text, or a media message's caption (§16)."""

_KNOWN_TYPES = frozenset(CONTENT_READERS)
"""Meta's message types: the only words of an edit a problem string may quote."""

FindCustomer = Callable[[str, str], CustomerId]
"""(sender's `from`, `from_user_id`) → who the item names (`parse_messages.find_customer`)."""


def read_edit(data: Mapping[str, Any], customer: FindCustomer) -> CustomerEdit:
    """An `edit` item.

    Raises:
        Skip: the item cannot be read, or edits something that cannot be edited.
    """
    edit = as_dict(data.get("edit"), "edit without body")
    return CustomerEdit(
        wamid=Wamid(required_id(data, "id")),
        customer_id=_sender(data, customer),
        target=Wamid(required_id(edit, "original_message_id")),
        at=timestamp(data),
        content=_new_content(as_dict(edit.get("message"), "edit without message")),
    )


def read_revoke(data: Mapping[str, Any], customer: FindCustomer) -> CustomerRevoke:
    """A `revoke` item (the customer deleted a message for everyone).

    Raises:
        Skip: the item cannot be read.
    """
    revoke = as_dict(data.get("revoke"), "revoke without body")
    return CustomerRevoke(
        wamid=Wamid(required_id(data, "id")),
        customer_id=_sender(data, customer),
        target=Wamid(required_id(revoke, "original_message_id")),
        at=timestamp(data),
    )


def _sender(data: Mapping[str, Any], customer: FindCustomer) -> CustomerId:
    return customer(valid_id(data.get("from")), valid_id(data.get("from_user_id")))


def _new_content(message: dict[str, Any]) -> Content:
    word = message.get("type")
    if not isinstance(word, str) or word not in EDITABLE:
        raise Skip(f"edit of {label(word, _KNOWN_TYPES)} not handled")
    try:
        return CONTENT_READERS[word](message)
    except Skip as skip:
        raise Skip(f"edit of {word}: {skip}") from None
