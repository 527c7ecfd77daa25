"""What the simulated Meta knows: customers, their inboxes, windows and the message logs.

Plain data with no I/O and no clock of its own: callers pass ``now``, so the 24-hour window
can be tested by moving an injected clock. Everything kept per customer is keyed by BSUID
and moves with the customer when Meta gives them a new one (``rekey``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.simulator.behaviour import CustomerSettings

T = TypeVar("T")
_BSUID = re.compile(r"^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]+$")


@dataclass(frozen=True)
class Customer:
    """A WhatsApp user who writes to the business."""

    user_id: str
    """Business-scoped user id (BSUID), ``CC.<alnum>``; the stable key."""
    profile_name: str
    wa_id: str | None = None
    """Phone number in bare digits; None for a username user whose number Meta hides."""
    username: str | None = None

    def contact(self) -> dict[str, Any]:
        """The webhook contact object (2026 shape, §3.1)."""
        profile: dict[str, Any] = {"name": self.profile_name}
        if self.username is not None:
            profile["username"] = self.username
        contact: dict[str, Any] = {"profile": profile}
        if self.wa_id is not None:
            contact["wa_id"] = self.wa_id
        contact["user_id"] = self.user_id
        return contact


@dataclass(frozen=True)
class ReceivedMessage:
    """One message the business sent that reached this customer."""

    wamid: str
    type: str
    text: str | None
    """The text body for ``type == "text"``, else None."""
    timestamp: float
    """Simulator-clock time of acceptance."""
    biz_opaque_callback_data: str | None = None
    context_message_id: str | None = None
    content: Any = None
    """The type object as sent (e.g. ``{"body": ..., "preview_url": true}``)."""
    category: str = "service"
    """Pricing category: ``service`` for free-form messages, else the template's."""
    pricing_type: str = "free_customer_service"
    """``pricing.type``, fixed when the message is accepted: Meta prices a message once, so a
    window the customer opens before its later statuses does not change them."""

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready copy, as the control surface lists it."""
        return {
            "wamid": self.wamid,
            "type": self.type,
            "text": self.text,
            "timestamp": self.timestamp,
            "biz_opaque_callback_data": self.biz_opaque_callback_data,
            "context_message_id": self.context_message_id,
            "content": copy.deepcopy(self.content),
            "category": self.category,
        }


@dataclass(frozen=True)
class ChatLine:
    """One message of a chat on the business phone."""

    wamid: str
    at: float
    from_business: bool
    type: str
    body: Any = None


@dataclass(frozen=True)
class SimulatorStats:
    """A snapshot of the simulator's counters."""

    inbound_messages: int
    inbound_dropped: int
    """Messages from users the business blocked, which Meta never delivers."""
    outbound_accepted: int
    outbound_rejected: int
    webhook_posts_delivered: int
    webhook_items_delivered: int
    webhook_attempts: int
    webhook_posts_failed: int
    """POSTs given up after the whole retry schedule."""
    webhook_duplicates: int
    """Extra deliveries of an already accepted POST (the duplicate fault)."""
    webhook_queue_size: int
    webhook_retry_pauses: tuple[float, ...] = ()
    """The latest pauses before a retry (seconds, oldest first): Meta's schedule, compressed."""


@dataclass
class _Outbound:
    user_id: str
    recipient_id: str
    statuses: list[str] = field(default_factory=list)


@dataclass
class CustomerFlags:
    """What a customer did to the business, and the business to them."""

    blocked_business: bool = False
    """The customer blocked the business (sends fail with 131026)."""
    marketing_stopped: bool = False
    """The customer stopped promotions (marketing templates fail with 131050)."""
    blocked_by_business: bool = False
    """The business blocked the customer through ``block_users``."""
    entry_point_at: float | None = None
    """When the customer last came through a click-to-WhatsApp ad."""
    settings: CustomerSettings = field(default_factory=CustomerSettings)


EDITABLE_TYPES = frozenset({"text", "image", "video", "document"})
"""What WhatsApp lets a customer edit: a text, or a file's caption (cloud-api.md §16)."""


class SimState:
    """Customers, inboxes, customer-service windows and message logs of one number."""

    def __init__(self) -> None:
        """Start with no customers and empty logs."""
        self._customers: dict[str, Customer] = {}
        self._by_wa_id: dict[str, str] = {}
        self._last_inbound: dict[str, float] = {}
        self._inbound_owner: dict[str, str] = {}
        self._inbound_at: dict[str, float] = {}
        self._inbound_body: dict[str, tuple[str, Any]] = {}
        """(type, type object) of each inbound message a customer may edit: texts, captions."""
        self._inbound_order: dict[str, list[str]] = {}
        self._marked_read: set[str] = set()
        self._inbox: dict[str, list[ReceivedMessage]] = {}
        self._outbound: dict[str, _Outbound] = {}
        self._flags: dict[str, CustomerFlags] = {}
        self._chats: dict[str, list[ChatLine]] = {}
        """What the business phone shows of each customer's chat, oldest first (history)."""
        self.inbound_messages = 0
        self.inbound_dropped = 0
        self.outbound_accepted = 0
        self.outbound_rejected = 0

    def add_customer(self, customer: Customer) -> None:
        """Register a customer.

        Raises:
            ValueError: On a malformed or duplicate BSUID or wa_id.
        """
        if not _BSUID.match(customer.user_id):
            raise ValueError("user_id must look like CC.<alnum> (a BSUID)")
        if customer.wa_id is not None and not customer.wa_id.isdigit():
            raise ValueError("wa_id must be bare digits")
        if customer.user_id in self._customers:
            raise ValueError("a customer with this user_id exists already")
        if customer.wa_id is not None and customer.wa_id in self._by_wa_id:
            raise ValueError("a customer with this wa_id exists already")
        self._customers[customer.user_id] = customer
        if customer.wa_id is not None:
            self._by_wa_id[customer.wa_id] = customer.user_id
        self._inbox[customer.user_id] = []
        self._inbound_order[customer.user_id] = []
        self._flags[customer.user_id] = CustomerFlags()

    def rekey(self, old_user_id: str, customer: Customer) -> None:
        """Replace a customer by their new identity, keeping everything Meta keeps.

        Args:
            old_user_id: The BSUID the customer had.
            customer: The customer with the new BSUID and/or number.

        Raises:
            ValueError: If the new ids collide with another customer's.
        """
        old = self._customers[old_user_id]
        if customer.user_id != old_user_id and customer.user_id in self._customers:
            raise ValueError("a customer with this user_id exists already")
        owner = self._by_wa_id.get(customer.wa_id or "")
        if owner is not None and owner != old_user_id:
            raise ValueError("a customer with this wa_id exists already")
        if not _BSUID.match(customer.user_id):
            raise ValueError("user_id must look like CC.<alnum> (a BSUID)")
        del self._customers[old_user_id]
        if old.wa_id is not None:
            del self._by_wa_id[old.wa_id]
        self._customers[customer.user_id] = customer
        if customer.wa_id is not None:
            self._by_wa_id[customer.wa_id] = customer.user_id
        _move(self._inbox, old_user_id, customer.user_id)
        _move(self._inbound_order, old_user_id, customer.user_id)
        _move(self._flags, old_user_id, customer.user_id)
        _move(self._last_inbound, old_user_id, customer.user_id)
        for wamid, owner_id in list(self._inbound_owner.items()):
            if owner_id == old_user_id:
                self._inbound_owner[wamid] = customer.user_id
        for record in self._outbound.values():
            if record.user_id == old_user_id:
                record.user_id = customer.user_id

    def flags(self, user_id: str) -> CustomerFlags:
        """The customer's block, opt-out and settings flags (mutable).

        Raises:
            KeyError: If there is no such customer.
        """
        return self._flags[user_id]

    def customer(self, user_id: str) -> Customer:
        """The customer with this BSUID.

        Raises:
            KeyError: If there is none.
        """
        return self._customers[user_id]

    def customers(self) -> tuple[Customer, ...]:
        """All customers in the order they were added."""
        return tuple(self._customers.values())

    def by_wa_id(self, wa_id: str) -> Customer | None:
        """The customer with this phone number, if any."""
        user_id = self._by_wa_id.get(wa_id)
        return None if user_id is None else self._customers[user_id]

    def by_user_id(self, user_id: str) -> Customer | None:
        """The customer with this BSUID, if any."""
        return self._customers.get(user_id)

    def record_inbound(
        self, user_id: str, wamid: str, now: float, kind: str = "text", body: Any = None
    ) -> None:
        """Note a customer's message; it (re)opens the customer-service window."""
        self._last_inbound[user_id] = now
        self._inbound_owner[wamid] = user_id
        self._inbound_at[wamid] = now
        if kind in EDITABLE_TYPES:
            self._inbound_body[wamid] = (kind, None if kind == "text" else body)
        self._inbound_order[user_id].append(wamid)
        self._chats.setdefault(user_id, []).append(ChatLine(wamid, now, False, kind, body))
        self.inbound_messages += 1

    def sent_body(self, wamid: str) -> tuple[str, Any] | None:
        """The type and type object of an editable message (a text, a captioned file)."""
        return self._inbound_body.get(wamid)

    def sent_at(self, user_id: str, wamid: str) -> float | None:
        """When this customer sent the message `wamid`; None if it is not theirs."""
        if self._inbound_owner.get(wamid) != user_id:
            return None
        return self._inbound_at.get(wamid)

    def window_open(self, user_id: str, now: float, window_seconds: float) -> bool:
        """Whether free-form messages to this customer are allowed at ``now``."""
        last = self._last_inbound.get(user_id)
        return last is not None and now - last <= window_seconds

    def mark_read(self, wamid: str) -> bool:
        """Mark an inbound message and all earlier ones from that customer as read.

        Returns:
            False if the wamid is not a message any customer sent.
        """
        user_id = self._inbound_owner.get(wamid)
        if user_id is None:
            return False
        order = self._inbound_order[user_id]
        self._marked_read.update(order[: order.index(wamid) + 1])
        return True

    def is_marked_read(self, wamid: str) -> bool:
        """Whether the business marked this inbound message as read."""
        return wamid in self._marked_read

    def last_inbound(self, user_id: str) -> float | None:
        """When the customer last wrote, if ever."""
        return self._last_inbound.get(user_id)

    def record_outbound(self, message: ReceivedMessage, user_id: str, recipient_id: str) -> None:
        """Put an accepted message into the customer's inbox."""
        self._inbox[user_id].append(message)
        self._outbound[message.wamid] = _Outbound(user_id, recipient_id)
        self._note_business_line(user_id, message)
        self.outbound_accepted += 1

    def record_echo(self, message: ReceivedMessage, user_id: str) -> None:
        """Put a message the business's phone sent into the customer's inbox: the customer
        receives it like any other, but it is no Cloud API send (no statuses, not counted)."""
        self._inbox[user_id].append(message)
        self._note_business_line(user_id, message)

    def _note_business_line(self, user_id: str, message: ReceivedMessage) -> None:
        line = ChatLine(message.wamid, message.timestamp, True, message.type, message.content)
        self._chats.setdefault(user_id, []).append(line)

    def chat(self, user_id: str) -> tuple[ChatLine, ...]:
        """The chat with this customer as the business phone shows it (whichever side or
        client wrote), oldest first; what Meta shares as history overlaps it."""
        return tuple(self._chats.get(user_id, ()))

    def record_status(self, wamid: str, status: str) -> None:
        """Append a status the simulator emitted for an outbound message."""
        self._outbound[wamid].statuses.append(status)

    def outbound_owner(self, wamid: str) -> tuple[str, str] | None:
        """(BSUID, recipient id) of the customer a business message went to."""
        record = self._outbound.get(wamid)
        return None if record is None else (record.user_id, record.recipient_id)

    def statuses(self, wamid: str) -> tuple[str, ...]:
        """Statuses emitted so far for an outbound message, oldest first."""
        record = self._outbound.get(wamid)
        return () if record is None else tuple(record.statuses)

    def received(self, user_id: str) -> tuple[ReceivedMessage, ...]:
        """What the business sent to this customer, oldest first.

        Raises:
            KeyError: If the customer does not exist.
        """
        return tuple(self._inbox[user_id])


def _move(table: dict[str, T], old: str, new: str) -> None:
    if old in table:
        table[new] = table.pop(old)
