"""Meta's webhook envelope → our typed domain events (cloud-api.md §3–§5).

Walks every `entry[]`, `changes[]`, `messages[]` and `statuses[]`: Meta batches, and reading only
`[0]` loses data. A malformed item is reported and skipped; the rest of the batch still counts.

Every event returned fits the sealed log's codec (`app.sync.codec`): ids within `MAX_ID` bytes,
texts within their caps, integers in range, no lone surrogates (JSON allows `"\\ud800"`, UTF-8
does not). Problem strings name positions, Meta's own vocabulary and numeric codes only: never a
value a customer could have written (bodies, names, phone numbers).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.content import Text
from app.domain.events import CustomerMessage, DeliveryStatusChanged
from app.domain.ids import CustomerId, Wamid
from app.domain.model import DeliveryStatus
from app.sync.codec import MAX_ID
from app.sync.content_codec import MAX_TEXT

MAX_LABEL_BYTES = MAX_ID * 4
"""The codec's cap on profile names, error titles and error details (UTF-8 bytes)."""

_U32 = 1 << 32
_U64 = 1 << 64

_STATUS = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "played": DeliveryStatus.PLAYED,
    "failed": DeliveryStatus.FAILED,
}

# Meta's vocabulary (cloud-api.md §3–§5): the only payload words a problem string may quote.
_MESSAGE_TYPES = frozenset(
    {
        "text",
        "image",
        "video",
        "audio",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "reaction",
        "order",
        "system",
        "unsupported",
        "unknown",
    }
)
_FIELDS = frozenset(
    {
        "messages",
        "user_preferences",
        "account_update",
        "message_template_status_update",
        "template_category_update",
        "message_template_quality_update",
        "phone_number_quality_update",
        "phone_number_name_update",
        "business_capability_update",
        "security",
        "history",
        "smb_message_echoes",
        "calls",
        "flows",
    }
)
_GROUP_FIELD = re.compile(r"group_[a-z_]{1,40}")

Event = CustomerMessage | DeliveryStatusChanged


@dataclass
class ParsedWebhook:
    """What one POST contained, in batch order."""

    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Short, body-free descriptions of the parts we could not read (for logs and metrics)."""


class _Skip(Exception):
    """One item of a batch cannot be read; the reason never quotes the payload."""


@dataclass(frozen=True, slots=True)
class _Contact:
    user_id: str
    """The BSUID, or the phone for pre-2026 payloads without one."""
    wa_id: str
    name: str


def parse_webhook(document: object) -> ParsedWebhook:
    """Read a decoded webhook JSON document. Never raises on bad input."""
    result = ParsedWebhook()
    if not isinstance(document, dict) or document.get("object") != "whatsapp_business_account":
        result.problems.append("not a whatsapp_business_account envelope")
        return result
    for where, value in _message_values(document, result.problems):
        contacts = _contacts(value.get("contacts"))
        read_message = functools.partial(_message, contacts=contacts)
        _read_items(value.get("messages"), f"{where}.messages", read_message, result)
        _read_items(value.get("statuses"), f"{where}.statuses", _status, result)
        for k, error in _items(value.get("errors"), f"{where}.errors", result.problems):
            code = _u32(error.get("code")) if isinstance(error, dict) else 0
            result.problems.append(f"{where}.errors[{k}]: Meta reported error {code}")
    return result


def _message_values(
    document: Mapping[str, Any], problems: list[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, entry in _items(document.get("entry"), "entry", problems, required=True):
        if not isinstance(entry, dict):
            problems.append(f"entry[{i}]: not an object")
            continue
        changes = entry.get("changes")
        for j, change in _items(changes, f"entry[{i}].changes", problems, required=True):
            where = f"entry[{i}].changes[{j}]"
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                problems.append(f"{where}: change without a value")
                continue
            name = change.get("field")
            if name != "messages":
                problems.append(f"{where}: field {_field_label(name)} not handled")
                continue
            yield where, change["value"]


def _items(
    value: object, where: str, problems: list[str], *, required: bool = False
) -> Iterator[tuple[int, object]]:
    """The items of a JSON array; anything else (or a required array missing) is a problem."""
    if isinstance(value, list):
        yield from enumerate(value)
    elif required or value is not None:
        problems.append(f"{where}: not a list")


def _read_items(
    items: object, where: str, read: Callable[[object], Event], result: ParsedWebhook
) -> None:
    for k, item in _items(items, where, result.problems):
        try:
            result.events.append(read(item))
        except _Skip as skip:
            result.problems.append(f"{where}[{k}] skipped: {skip}")


def _message(item: object, *, contacts: Mapping[str, _Contact]) -> CustomerMessage:
    data = _dict(item)
    kind = data.get("type")
    if kind != "text":
        raise _Skip(f"type {_label(kind, _MESSAGE_TYPES)} not handled yet")
    wamid = _required_id(data, "id")
    customer = _customer(data, contacts)
    body = _dict(data.get("text")).get("body")
    if not isinstance(body, str):
        raise _Skip("text without body")
    text = _clean(body)
    if len(text.encode("utf-8")) > MAX_TEXT:
        raise _Skip("text too long")
    return CustomerMessage(
        wamid=Wamid(wamid),
        customer_id=CustomerId(customer.user_id),
        customer_wa_id=customer.wa_id,
        profile_name=customer.name,
        sent_at=_timestamp(data),
        content=Text(text),
    )


def _status(item: object) -> DeliveryStatusChanged:
    data = _dict(item)
    raw = data.get("status")
    status = _STATUS.get(raw) if isinstance(raw, str) else None
    if status is None:
        raise _Skip(f"status {_label(raw, _STATUS)} not handled")
    wamid = _required_id(data, "id")
    code, title = 0, ""
    errors = data.get("errors")
    if status is DeliveryStatus.FAILED and isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, dict):
            code = _u32(first.get("code"))
            title = fit_utf8(first.get("title"), MAX_LABEL_BYTES)
    return DeliveryStatusChanged(
        wamid=Wamid(wamid),
        status=status,
        at=_timestamp(data),
        error_code=code,
        error_title=title,
    )


def _contacts(value: object) -> dict[str, _Contact]:
    """The `contacts[]` of one change value, keyed on both user_id and wa_id."""
    found: dict[str, _Contact] = {}
    for contact in value if isinstance(value, list) else []:
        if not isinstance(contact, dict):
            continue
        wa_id = _phone(contact.get("wa_id"))
        user_id = valid_id(contact.get("user_id"))
        profile = contact.get("profile")
        name = fit_utf8(profile.get("name"), MAX_LABEL_BYTES) if isinstance(profile, dict) else ""
        if not (user_id or wa_id):
            continue
        known = _Contact(user_id or wa_id, wa_id, name)
        for key in (user_id, wa_id):
            if key:
                found.setdefault(key, known)
    return found


def _customer(data: Mapping[str, Any], contacts: Mapping[str, _Contact]) -> _Contact:
    """Who wrote: the BSUID first, then `contacts[]`, then the phone (cloud-api.md §3.1)."""
    sender = valid_id(data.get("from"))
    phone = sender if _is_phone(sender) else ""
    user_id = valid_id(data.get("from_user_id")) or ("" if phone else sender)
    if user_id:
        known = contacts.get(user_id) or contacts.get(phone)
        wa_id = phone or (known.wa_id if known else "")
        return _Contact(user_id, wa_id, known.name if known else "")
    if phone:
        return contacts.get(phone) or _Contact(phone, phone, "")
    # A username user's message may name nobody; the value's only contact is then the sender.
    distinct = set(contacts.values())
    if len(distinct) == 1:
        return distinct.pop()
    raise _Skip("no customer id")


def _timestamp(data: Mapping[str, Any]) -> int:
    """Unix seconds; Meta sends a string of digits (cloud-api.md §1)."""
    raw = data.get("timestamp")
    if isinstance(raw, str) and 0 < len(raw) <= 20 and raw.isascii() and raw.isdigit():
        value = int(raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        raise _Skip("bad timestamp")
    if not 0 <= value < _U64:
        raise _Skip("bad timestamp")
    return value


def _required_id(data: Mapping[str, Any], key: str) -> str:
    value = valid_id(data.get(key))
    if not value:
        raise _Skip(f"missing or invalid {key}")
    return value


def _dict(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Skip("not an object")
    return value


def _u32(value: object) -> int:
    """A Graph error code, or 0 when it is not one the log can carry."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _U32:
        return value
    return 0


def _phone(value: object) -> str:
    text = valid_id(value)
    return text if _is_phone(text) else ""


def _is_phone(text: str) -> bool:
    digits = text.removeprefix("+")
    return digits.isascii() and digits.isdigit()


def _label(value: object, known: Mapping[str, object] | frozenset[str]) -> str:
    return value if isinstance(value, str) and value in known else "unrecognised"


def _field_label(value: object) -> str:
    if isinstance(value, str) and _GROUP_FIELD.fullmatch(value):
        return value
    return _label(value, _FIELDS)


def _clean(text: str) -> str:
    """`text` with lone surrogates replaced, so that it encodes as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")


def valid_id(value: object) -> str:
    """`value` if it is a non-empty string the log can carry as an id, else ""."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        return ""
    return value if size <= MAX_ID else ""


def fit_utf8(value: object, max_bytes: int) -> str:
    """A string `value`, cleaned and cut to at most `max_bytes` of UTF-8; "" for non-strings."""
    if not isinstance(value, str):
        return ""
    data = value.encode("utf-8", "replace")[:max_bytes]
    return data.decode("utf-8", "ignore")
