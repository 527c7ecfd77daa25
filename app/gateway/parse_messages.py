"""Items of a `messages` change: inbound messages, `system` id changes, statuses (§3.1, §4, §5).

Who wrote is decided here: conversations key on the business-scoped user id (BSUID) when there
is one and on the phone digits otherwise (pre-2026 payloads); the phone is kept beside it as
optional metadata (cloud-api.md §3.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.ids import CustomerId, Wamid
from app.domain.model import DeliveryStatus
from app.gateway.parse_content import (
    CONTENT_READERS,
    MEDIA_TYPES,
    MediaRef,
    media_source,
    read_context,
)
from app.gateway.parse_edits import FindCustomer, read_edit, read_revoke
from app.gateway.parse_fields import (
    MAX_LABEL_BYTES,
    Skip,
    as_dict,
    fit_utf8,
    is_phone,
    label,
    optional_id,
    phone,
    required_id,
    timestamp,
    u32_or_zero,
    valid_id,
)
from app.log.events import (
    CustomerEdit,
    CustomerIdChanged,
    CustomerMessage,
    CustomerRevoke,
    DeliveryStatusChanged,
)

STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "played": DeliveryStatus.PLAYED,
    "failed": DeliveryStatus.FAILED,
}
# Meta's vocabulary (cloud-api.md §4): the only payload words a problem string may quote.
_CHANGES: dict[str, Callable[[dict[str, Any], FindCustomer], CustomerEdit | CustomerRevoke]] = {
    "edit": read_edit,
    "revoke": read_revoke,
}
MESSAGE_TYPES = frozenset({*CONTENT_READERS, *_CHANGES, "system"})
_ID_CHANGES = frozenset({"user_changed_number", "user_changed_user_id"})
_SYSTEM_TYPES = frozenset({*_ID_CHANGES, "customer_identity_changed"})


@dataclass(frozen=True, slots=True)
class Customer:
    """One entry of a change value's `contacts[]`, or who a message names."""

    user_id: str
    """The BSUID, or the phone for pre-2026 payloads without one."""
    wa_id: str
    name: str


Contacts = Mapping[str, Customer]
"""A change value's `contacts[]`, keyed on both user_id and wa_id."""


def read_contacts(value: object) -> dict[str, Customer]:
    """The `contacts[]` of one change value; entries naming nobody are left out."""
    found: dict[str, Customer] = {}
    for contact in value if isinstance(value, list) else []:
        if not isinstance(contact, dict):
            continue
        wa_id = phone(contact.get("wa_id"))
        user_id = valid_id(contact.get("user_id"))
        profile = contact.get("profile")
        name = fit_utf8(profile.get("name"), MAX_LABEL_BYTES) if isinstance(profile, dict) else ""
        if not (user_id or wa_id):
            continue
        known = Customer(user_id or wa_id, wa_id, name)
        for key in (user_id, wa_id):
            if key:
                found.setdefault(key, known)
    return found


def find_customer(sender: str, user_id: str, contacts: Contacts) -> Customer:
    """Who an item names: the BSUID first, then `contacts[]`, then the phone (§3.1).

    Args:
        sender: The item's phone field (`from`, `wa_id`), "" when absent. A BSUID found there
            (username customers) counts as the user id.
        user_id: The item's BSUID field, "" when absent.
        contacts: The change value's `contacts[]`.

    Raises:
        Skip: nobody can be told apart.
    """
    sender_phone = sender if is_phone(sender) else ""
    user_id = user_id or ("" if sender_phone else sender)
    if user_id:
        known = contacts.get(user_id) or contacts.get(sender_phone)
        wa_id = sender_phone or (known.wa_id if known else "")
        return Customer(user_id, wa_id, known.name if known else "")
    if sender_phone:
        return contacts.get(sender_phone) or Customer(sender_phone, sender_phone, "")
    # A username customer's item may name nobody; the value's only contact is then the sender.
    distinct = set(contacts.values())
    if len(distinct) == 1:
        return distinct.pop()
    raise Skip("no customer id")


def read_message(
    item: object, contacts: Contacts
) -> tuple[CustomerMessage | CustomerIdChanged | CustomerEdit | CustomerRevoke, MediaRef | None]:
    """One `messages[]` item: a customer message (with its media source), an id change, or the
    customer's edit or deletion of a message.

    Raises:
        Skip: the item cannot be read.
    """
    data = as_dict(item)
    kind = data.get("type")
    if kind == "system":
        return read_system(data), None
    change = _CHANGES.get(kind) if isinstance(kind, str) else None
    if change is not None:
        return change(data, lambda sent_by, bsuid: _customer_id(sent_by, bsuid, contacts)), None
    read_content = CONTENT_READERS.get(kind) if isinstance(kind, str) else None
    if read_content is None:
        raise Skip(f"type {label(kind, MESSAGE_TYPES)} not handled")
    wamid = Wamid(required_id(data, "id"))
    customer = find_customer(
        valid_id(data.get("from")), valid_id(data.get("from_user_id")), contacts
    )
    sent_at = timestamp(data)
    try:
        content = read_content(data)
        media = MediaRef(wamid, *media_source(data)) if kind in MEDIA_TYPES else None
    except Skip as skip:
        raise Skip(f"{kind}: {skip}") from None
    message = CustomerMessage(
        wamid=wamid,
        customer_id=CustomerId(customer.user_id),
        customer_wa_id=customer.wa_id,
        profile_name=customer.name,
        sent_at=sent_at,
        content=content,
        context=read_context(data),
    )
    return message, media


def _customer_id(sender: str, user_id: str, contacts: Contacts) -> CustomerId:
    return CustomerId(find_customer(sender, user_id, contacts).user_id)


def read_system(data: dict[str, Any]) -> CustomerIdChanged:
    """A `system` message announcing a new phone number or BSUID (cloud-api.md §3.1).

    The previous id is the one conversations were keyed on: `system.previous_user_id` in 2026
    payloads, else the message's `from_user_id`, else its `from` (the old phone, pre-2026). The
    new id is `system.user_id`, else the new phone: `system.wa_id` (`new_wa_id` in old webhook
    versions).

    Raises:
        Skip: not an id change, or the ids are missing or the same.
    """
    system = as_dict(data.get("system"), "system without body")
    word = system.get("type")
    if not isinstance(word, str) or word not in _ID_CHANGES:
        raise Skip(f"system {label(word, _SYSTEM_TYPES)} not handled")
    # The event has no wamid field, but Meta gives every message one: an item without is no
    # message of Meta's.
    required_id(data, "id")
    new_wa_id = _system_phone(system)
    new_id = optional_id(system, "user_id") or new_wa_id
    previous = (
        optional_id(system, "previous_user_id")
        or optional_id(data, "from_user_id")
        or optional_id(data, "from")
    )
    if not (new_id and previous):
        raise Skip("missing user ids")
    if previous == new_id:
        raise Skip("user id unchanged")
    return CustomerIdChanged(
        previous_id=CustomerId(previous),
        new_id=CustomerId(new_id),
        new_wa_id=new_wa_id,
        at=timestamp(data),
    )


def _system_phone(system: dict[str, Any]) -> str:
    for key in ("wa_id", "new_wa_id"):
        raw = system.get(key)
        if raw is not None:
            found = phone(raw)
            if not found:
                raise Skip(f"invalid {key}")
            return found
    return ""


def read_status(item: object) -> DeliveryStatusChanged:
    """One `statuses[]` item; a failure carries its first error's code and title.

    Raises:
        Skip: the item cannot be read, or its status word is not one we know.
    """
    data = as_dict(item)
    raw = data.get("status")
    status = STATUSES.get(raw) if isinstance(raw, str) else None
    if status is None:
        raise Skip(f"status {label(raw, STATUSES)} not handled")
    wamid = required_id(data, "id")
    code, title = 0, ""
    errors = data.get("errors")
    if status is DeliveryStatus.FAILED and isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, dict):
            code = u32_or_zero(first.get("code"))
            title = fit_utf8(first.get("title"), MAX_LABEL_BYTES)
    return DeliveryStatusChanged(
        wamid=Wamid(wamid),
        status=status,
        at=timestamp(data),
        error_code=code,
        error_title=title,
    )


MAX_CALLBACK_CHARS = 512
"""Meta caps `biz_opaque_callback_data` at 512 characters; ours are 32 hex digits."""


def read_callback(item: object) -> str | None:
    """The `biz_opaque_callback_data` Meta echoes in a status item for the send that set it,
    or None (absent, not a string, or longer than Meta allows)."""
    if not isinstance(item, dict):
        return None
    value = item.get("biz_opaque_callback_data")
    if isinstance(value, str) and 0 < len(value) <= MAX_CALLBACK_CHARS:
        return value
    return None
