"""Items of the coexistence fields (cloud-api.md §15): what the business's phone sent
(`smb_message_echoes`) and its phone book (`smb_app_state_sync`).

An echo is keyed on the customer it went `to` (`to_user_id`, else `to`), never on `from`, which
is the business's own number (§15.2). It carries the same content objects as §4 for what a
customer could also send, and §6's send shapes for what only a business sends: an interactive
message shows its body, a template its name and text parameters.
"""

from __future__ import annotations

from typing import Any

from app.domain.content import Content, Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.parse_content import (
    CONTENT_READERS,
    MEDIA_TYPES,
    MediaRef,
    media_source,
    read_context,
)
from app.gateway.parse_fields import (
    MAX_LABEL_BYTES,
    Skip,
    as_dict,
    fit_utf8,
    label,
    object_list,
    optional_dict,
    phone,
    required_id,
    text,
    timestamp,
    valid_id,
)
from app.gateway.parse_messages import MESSAGE_TYPES, Contacts, find_customer
from app.log.content_codec import MAX_ITEMS, MAX_SHORT, MAX_TEXT
from app.log.events import ContactSync, PhoneEcho

_SHARED_TYPES = frozenset({"text", *MEDIA_TYPES, "location", "contacts"})
"""Echo types read like a customer's message of that type (§4)."""
ECHO_TYPES = frozenset({*_SHARED_TYPES, "interactive", "template"})
_ECHO_WORDS = frozenset({*ECHO_TYPES, *MESSAGE_TYPES, "edit", "revoke"})
"""Meta's words for what an echo may carry: the only ones a problem string quotes."""
_ACTIONS = frozenset({"add", "remove"})
_STATE_TYPES = frozenset({"contact"})


def read_echo(item: object, contacts: Contacts) -> tuple[PhoneEcho, MediaRef | None]:
    """One `message_echoes[]` item, with its media source when it carries a file.

    Raises:
        Skip: the item cannot be read, or is of a type echoes do not show (a reaction, an
            edit or a deletion made on the phone).
    """
    data = as_dict(item)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in ECHO_TYPES:
        # A reaction, edit or deletion made on the phone changes no bubble of ours yet.
        raise Skip(f"echo type {label(kind, _ECHO_WORDS)} not handled")
    wamid = Wamid(required_id(data, "id"))
    customer = find_customer(valid_id(data.get("to")), valid_id(data.get("to_user_id")), contacts)
    sent_at = timestamp(data)
    try:
        content = business_content(kind, data)
        media = MediaRef(wamid, *media_source(data)) if kind in MEDIA_TYPES else None
    except Skip as skip:
        raise Skip(f"{kind}: {skip}") from None
    echo = PhoneEcho(
        wamid=wamid,
        customer_id=CustomerId(customer.user_id),
        customer_wa_id=customer.wa_id,
        profile_name=customer.name,
        sent_at=sent_at,
        content=content,
        context=read_context(data),
    )
    return echo, media


def business_content(kind: str, data: dict[str, Any]) -> Content:
    """What the business's phone sent, of one of `ECHO_TYPES` (its echoes, its history).

    Raises:
        Skip: the type object cannot be read.
    """
    if kind in _SHARED_TYPES:
        return CONTENT_READERS[kind](data)
    if kind == "interactive":
        body = optional_dict(as_dict(data.get("interactive"), "no body"), "body")
        return Text(text(body, "text", MAX_TEXT, required=True))
    return _template(as_dict(data.get("template"), "no body"))


def _template(body: dict[str, Any]) -> Text:
    """A template sent from the phone, as words: its name and its text parameters (the
    template's own text is the catalogue's, which this webhook does not carry)."""
    name = text(body, "name", MAX_SHORT, required=True)
    values = [
        fit_utf8(parameter.get("text"), MAX_SHORT)
        for component in object_list(body, "components", MAX_ITEMS)
        for parameter in object_list(component, "parameters", MAX_ITEMS)
        if parameter.get("type") == "text"
    ]
    return Text(fit_utf8(" ".join([f"[{name}]", " · ".join(values)]).strip(), MAX_TEXT))


def read_state_sync(item: object) -> ContactSync:
    """One `state_sync[]` item: a contact added (or edited) or removed on the phone (§15.4).

    Raises:
        Skip: not a contact change, or no usable phone number.
    """
    data = as_dict(item)
    kind = data.get("type")
    if kind != "contact":
        raise Skip(f"state_sync {label(kind, _STATE_TYPES)} not handled")
    action = data.get("action")
    if not isinstance(action, str) or action not in _ACTIONS:
        raise Skip(f"contact action {label(action, _ACTIONS)} not handled")
    contact = as_dict(data.get("contact"), "contact without body")
    wa_id = phone(contact.get("phone_number")).removeprefix("+")
    if not wa_id:
        raise Skip("contact without a phone number")
    name = ""
    if action == "add":
        name = text(contact, "full_name", MAX_LABEL_BYTES) or text(
            contact, "first_name", MAX_LABEL_BYTES
        )
        if not name:
            raise Skip("contact without a name")
    at = timestamp(optional_dict(data, "metadata"))
    return ContactSync(wa_id=wa_id, full_name=name, at=at)
