"""Webhook payloads in Meta's 2026 shape (cloud-api.md §3–§5, §9), written from the docs.

Each builder returns plain JSON-ready data. A ``WebhookItem`` is one message, status, user
preference or account-level change with the contacts it needs; ``build_envelope`` packs one
or many items into a single POST body, spreading a batch over several ``entry[]``,
``changes[]`` and list elements so that a reader that only looks at ``[0]`` misses something.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.simulator.behaviour import SignatureFault
from app.simulator.state import Customer

if TYPE_CHECKING:  # config imports the template registry, which builds payloads
    from app.simulator.config import SimulatorConfig

# How a batch is spread: at most this many list items per change value, and changes per
# entry. Small on purpose: five items already give two entries and three changes.
ITEMS_PER_VALUE = 2
CHANGES_PER_ENTRY = 2


@dataclass(frozen=True)
class DeliveryFaults:
    """Faults to inject when the POST carrying an item is delivered."""

    duplicate: bool = False
    """Deliver the same signed bytes a second time after the first is accepted."""
    bad_signature: SignatureFault = "off"
    slow: float = 0.0
    """Seconds the first attempt stalls between headers and body."""

    def merge(self, other: DeliveryFaults) -> DeliveryFaults:
        """The faults of a POST that carries items with both sets."""
        return DeliveryFaults(
            self.duplicate or other.duplicate,
            self.bad_signature if self.bad_signature != "off" else other.bad_signature,
            max(self.slow, other.slow),
        )


@dataclass(frozen=True)
class WebhookItem:
    """One notification waiting to be delivered."""

    field: str
    """The change's ``field``, e.g. ``messages``."""
    key: str | None
    """The list in ``value`` the object joins (``messages``, ``statuses``, ``errors``,
    ``user_preferences``); None when ``obj`` is the whole ``value`` (account-level fields)."""
    obj: Mapping[str, Any]
    contacts: tuple[Mapping[str, Any], ...] = ()
    time: float | None = None
    """``entry[].time`` for account-level fields; messages entries carry none."""
    faults: DeliveryFaults = DeliveryFaults()
    value_errors: tuple[Mapping[str, Any], ...] = ()
    """Meta's errors that travel beside the item in ``value.errors`` (cloud-api.md §19)."""
    phone_number_id: str | None = None
    """The number the item is addressed to (`metadata`); None for the simulator's own."""

    @property
    def user_id(self) -> str | None:
        """BSUID of the customer this item is about, if any."""
        return str(self.contacts[0]["user_id"]) if self.contacts else None


def timestamp(now: float) -> str:
    """Unix seconds as the string Meta sends."""
    return str(int(now))


def pricing(category: str, pricing_type: str) -> dict[str, Any]:
    """The ``pricing`` object of a status (§5) under per-message pricing.

    Args:
        category: ``service`` for free-form messages, else the template's category.
        pricing_type: ``regular``, ``free_customer_service`` or ``free_entry_point``.
    """
    return {
        "billable": pricing_type == "regular",
        "pricing_model": "PMP",
        "type": pricing_type,
        "category": category,
    }


def service_pricing() -> dict[str, Any]:
    """Pricing of a free-form reply inside the customer-service window (§5)."""
    return pricing("service", "free_customer_service")


def inbound_message(
    customer: Customer,
    wamid: str,
    now: float,
    msg_type: str,
    body: Any,
    *,
    context: Mapping[str, Any] | None = None,
    referral: Mapping[str, Any] | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
) -> WebhookItem:
    """A customer's message of any §4 type; ``from`` is left out for a username user.

    Args:
        customer: The sender as Meta knows them at this moment.
        wamid: The inbound message id.
        now: Send time (Unix seconds).
        msg_type: The ``type`` value, e.g. ``image``.
        body: The type object under the key ``msg_type``; None for types without one.
        context: Quote, button-tap, forward or product context.
        referral: Click-to-WhatsApp ad data.
        errors: For ``unsupported``: the 131051 error objects.
    """
    message: dict[str, Any] = {}
    if context is not None:
        message["context"] = dict(context)
    if customer.wa_id is not None:
        message["from"] = customer.wa_id
    message.update({"from_user_id": customer.user_id, "id": wamid, "timestamp": timestamp(now)})
    message["type"] = msg_type
    if body is not None:
        message[msg_type] = body
    if referral is not None:
        message["referral"] = dict(referral)
    if errors is not None:
        message["errors"] = [dict(e) for e in errors]
    return WebhookItem("messages", "messages", message, (customer.contact(),))


def inbound_text(
    customer: Customer, wamid: str, now: float, body: str, context: Mapping[str, Any] | None
) -> WebhookItem:
    """A customer's text message (§4)."""
    return inbound_message(customer, wamid, now, "text", {"body": body}, context=context)


def status(
    customer: Customer,
    wamid: str,
    state: str,
    now: float,
    recipient_id: str,
    biz_opaque_callback_data: str | None,
    *,
    price: Mapping[str, Any] | None = None,
    errors: Sequence[Mapping[str, Any]] = (),
) -> WebhookItem:
    """A status for a message the business sent (§5), with the contact beside it.

    Args:
        customer: The recipient.
        wamid: The id the send returned.
        state: ``sent``, ``delivered``, ``read``, ``played`` or ``failed``.
        now: Status time (Unix seconds).
        recipient_id: The address the business used: phone digits or BSUID.
        biz_opaque_callback_data: Echoed when the send had it.
        price: The ``pricing`` object; defaults to a free service message. Failed
            statuses carry none, as in Meta's example.
        errors: The error objects of a ``failed`` status.
    """
    obj: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": timestamp(now),
        "recipient_id": recipient_id,
    }
    if biz_opaque_callback_data is not None:
        obj["biz_opaque_callback_data"] = biz_opaque_callback_data
    if state == "failed":
        obj["errors"] = [dict(e) for e in errors]
    else:
        obj["pricing"] = dict(price) if price is not None else service_pricing()
    return WebhookItem("messages", "statuses", obj, (customer.contact(),))


def user_preference(customer: Customer, value: str, now: float) -> WebhookItem:
    """A marketing-preference change (§5 ``user_preferences``)."""
    detail = {
        "stop": "User requested to stop marketing messages",
        "resume": "User requested to resume marketing messages",
    }.get(value, "User signed up for marketing messages")
    obj: dict[str, Any] = {}
    if customer.wa_id is not None:
        obj["wa_id"] = customer.wa_id
    obj.update(
        {
            "user_id": customer.user_id,
            "detail": detail,
            "category": "marketing_messages",
            "value": value,
            "timestamp": int(now),
        }
    )
    return WebhookItem("user_preferences", "user_preferences", obj, (customer.contact(),))


def field_update(field_name: str, value: Mapping[str, Any], now: float) -> WebhookItem:
    """An account-level change (``account_update``, ``phone_number_*_update``, templates)."""
    return WebhookItem(field_name, None, dict(value), time=now)


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
    entries: list[dict[str, Any]] = []
    for group in _entries(list(_values(items))):
        entry: dict[str, Any] = {"id": config.waba_id}
        times = [item.time for chunk in group for item in chunk if item.time is not None]
        if times:
            entry["time"] = int(max(times))
        entry["changes"] = [_change(config, chunk) for chunk in group]
        entries.append(entry)
    return {"object": "whatsapp_business_account", "entry": entries}


def _values(items: Sequence[WebhookItem]) -> Iterator[list[WebhookItem]]:
    """Split items into runs of one (field, key), each at most ITEMS_PER_VALUE long."""
    chunk: list[WebhookItem] = []
    for item in items:
        same_kind = bool(chunk) and _kind(chunk[0]) == _kind(item)
        # An item with errors beside it has its change to itself: the errors are about it.
        alone = item.key is None or bool(item.value_errors or chunk and chunk[0].value_errors)
        full = len(chunk) == ITEMS_PER_VALUE or alone
        if chunk and (not same_kind or full):
            yield chunk
            chunk = []
        chunk.append(item)
    yield chunk


def _kind(item: WebhookItem) -> tuple[str, str | None, str | None]:
    """What items must share to go into one change value."""
    return item.field, item.key, item.phone_number_id


def _entries(chunks: list[list[WebhookItem]]) -> Iterator[list[list[WebhookItem]]]:
    """Group changes into entries, never mixing messages-style and account-level ones."""
    group: list[list[WebhookItem]] = []
    for chunk in chunks:
        account_level = chunk[0].time is not None
        if group and (
            len(group) == CHANGES_PER_ENTRY or (group[0][0].time is not None) != account_level
        ):
            yield group
            group = []
        group.append(chunk)
    yield group


def _change(config: SimulatorConfig, chunk: Sequence[WebhookItem]) -> dict[str, Any]:
    if chunk[0].key is None:
        return {"field": chunk[0].field, "value": dict(chunk[0].obj)}
    contacts: dict[str, Mapping[str, Any]] = {}
    for item in chunk:
        for contact in item.contacts:
            contacts.setdefault(str(contact["user_id"]), contact)
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": config.display_phone_number,
            "phone_number_id": chunk[0].phone_number_id or config.phone_number_id,
        },
    }
    if contacts:
        value["contacts"] = [dict(c) for c in contacts.values()]
    value[chunk[0].key] = [dict(item.obj) for item in chunk]
    errors = [dict(error) for item in chunk for error in item.value_errors]
    if errors:
        value["errors"] = errors
    return {"field": chunk[0].field, "value": value}
