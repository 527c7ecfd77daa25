"""Webhook payloads in Meta's 2026 shape (cloud-api.md §3–§5), written from the docs.

Each builder returns plain JSON-ready dicts. A ``WebhookItem`` is one message or status with
the contacts it needs; ``build_envelope`` packs one or many items into a single POST body,
spreading a batch over several ``entry[]``, ``changes[]`` and list elements so that a reader
that only looks at ``[0]`` misses something.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.simulator.config import SimulatorConfig
from app.simulator.state import Customer

# How a batch is spread: at most this many list items per change value, and changes per
# entry. Small on purpose: five items already give two entries and three changes.
ITEMS_PER_VALUE = 2
CHANGES_PER_ENTRY = 2


@dataclass(frozen=True)
class WebhookItem:
    """One notification waiting to be delivered."""

    field: str
    """The change's ``field``, e.g. ``messages``."""
    key: str
    """The list in ``value`` the object joins: ``messages``, ``statuses`` or ``errors``."""
    obj: Mapping[str, Any]
    contacts: tuple[Mapping[str, Any], ...] = ()


def timestamp(now: float) -> str:
    """Unix seconds as the string Meta sends."""
    return str(int(now))


def service_pricing() -> dict[str, Any]:
    """Pricing of a free-form reply inside the customer-service window (§5)."""
    return {
        "billable": False,
        "pricing_model": "PMP",
        "type": "free_customer_service",
        "category": "service",
    }


def inbound_text(
    customer: Customer, wamid: str, now: float, body: str, context: Mapping[str, Any] | None
) -> WebhookItem:
    """A customer's text message (§4); ``from`` is left out for a username user."""
    message: dict[str, Any] = {}
    if context is not None:
        message["context"] = dict(context)
    if customer.wa_id is not None:
        message["from"] = customer.wa_id
    message.update(
        {
            "from_user_id": customer.user_id,
            "id": wamid,
            "timestamp": timestamp(now),
            "type": "text",
            "text": {"body": body},
        }
    )
    return WebhookItem("messages", "messages", message, (customer.contact(),))


def status(
    customer: Customer,
    wamid: str,
    state: str,
    now: float,
    recipient_id: str,
    biz_opaque_callback_data: str | None,
) -> WebhookItem:
    """A status for a message the business sent (§5), with the contact beside it."""
    obj: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": timestamp(now),
        "recipient_id": recipient_id,
    }
    if biz_opaque_callback_data is not None:
        obj["biz_opaque_callback_data"] = biz_opaque_callback_data
    obj["pricing"] = service_pricing()
    return WebhookItem("messages", "statuses", obj, (customer.contact(),))


def build_envelope(config: SimulatorConfig, items: Sequence[WebhookItem]) -> dict[str, Any]:
    """Pack items into one notification body (§3).

    Args:
        config: Supplies the WABA id and the number's metadata.
        items: At least one item, in delivery order.

    Returns:
        The envelope; a single item gives the familiar one-entry, one-change shape.
    """
    if not items:
        raise ValueError("an envelope needs at least one item")
    changes = [_change(config, chunk) for chunk in _values(items)]
    entries = [
        {"id": config.waba_id, "changes": changes[i : i + CHANGES_PER_ENTRY]}
        for i in range(0, len(changes), CHANGES_PER_ENTRY)
    ]
    return {"object": "whatsapp_business_account", "entry": entries}


def _values(items: Sequence[WebhookItem]) -> Iterator[list[WebhookItem]]:
    """Split items into runs of one (field, key), each at most ITEMS_PER_VALUE long."""
    chunk: list[WebhookItem] = []
    for item in items:
        same_kind = bool(chunk) and (chunk[0].field, chunk[0].key) == (item.field, item.key)
        if chunk and (not same_kind or len(chunk) == ITEMS_PER_VALUE):
            yield chunk
            chunk = []
        chunk.append(item)
    yield chunk


def _change(config: SimulatorConfig, chunk: Sequence[WebhookItem]) -> dict[str, Any]:
    contacts: dict[str, Mapping[str, Any]] = {}
    for item in chunk:
        for contact in item.contacts:
            contacts.setdefault(str(contact["user_id"]), contact)
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": config.display_phone_number,
            "phone_number_id": config.phone_number_id,
        },
    }
    if contacts:
        value["contacts"] = [dict(c) for c in contacts.values()]
    value[chunk[0].key] = [dict(item.obj) for item in chunk]
    return {"field": chunk[0].field, "value": value}
