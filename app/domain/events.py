"""The event kinds of the team log: their wire numbers and the shared values they carry.

Every change to shared state is one of these, sealed in an envelope (crypto.md §3.6). Desks apply
them in stream order; the same log gives the same state on every desk. Gateway events (type 2)
carry what Meta said; member events (type 1) carry what agents did; outbound requests (type 3)
are opened only by the gateway.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class EventKind(enum.IntEnum):
    """The `kind` byte of an event plaintext. Values are wire format: never renumber."""

    CUSTOMER_MESSAGE = 1
    DELIVERY_STATUS = 2
    SEND_OUTCOME = 3
    CUSTOMER_ID_CHANGED = 4
    PREFERENCE_CHANGED = 5
    NUMBER_STATUS = 6
    MEDIA_STORED = 7
    GATEWAY_STATUS = 8
    CLAIM = 10
    REPLY = 11
    STATE_CHANGE = 12
    HANDOVER = 13
    NOTE = 14
    TEMPLATE_CATALOGUE = 15
    CONVERSATION_STARTED = 16
    CUSTOMER_EDIT = 17
    CUSTOMER_REVOKE = 18
    FOREIGN_WEBHOOKS = 19
    OUTBOUND_REQUEST = 20
    GATEWAY_SETTINGS = 21
    PHONE_ECHO = 22
    CONTACT_SYNC = 23
    ADMIN_NOTICE = 25
    """Issue 10 reserved 20 for it, which `OUTBOUND_REQUEST` already holds; 22-23 went to
    the phone's echoes and contacts, 24 is left for the costs kind."""
    TEMPLATE_REQUEST = 26
    """An admin asks the gateway to create a template at Meta (`TemplateDraft`)."""
    API_TOKEN = 27
    """An admin grants or revokes a back-office system's token (`ApiToken`, to the gateway)."""
    NOTIFICATION_SENT = 28
    """The gateway sent a back-office system's template notification (`NotificationSent`)."""
    HISTORY_CHUNK = 29
    """Messages of the phone's chat history, one chunk of Meta's (coexistence)."""
    HISTORY_SYNC = 30
    """How the gateway's request for the phone's history went (coexistence)."""
    PHONE_SYNC_REQUEST = 31
    """An admin asks the gateway to request the phone's contacts and history ;
    sealed to the gateway, so it needs a kind of its own (one envelope type a kind)."""
    LABEL_DEFINED = 32
    """An admin defines, changes or deletes a conversation label (issue 12)."""
    CONVERSATION_LABELLED = 33
    """An agent puts a label on a conversation or takes it off."""
    CANNED_REPLY = 34
    """A canned reply is defined, changed or deleted (shared: admins; personal: its owner)."""
    EXPORTED = 35
    """Someone exported a conversation or the whole history (issue 12: the audit trail)."""
    BACK_OFFICE_SYSTEM = 36
    """An admin tells the team a back-office system got or lost its token (`ApiToken` goes to
    the gateway only): every admin's desk lists it and may revoke it."""
    VERSION_ANNOUNCED = 37
    """An admin tells the team a newer version of Switchboard is out (issue 11 item 3)."""
    BUSINESS_HOURS = 38
    """An admin sets the business hours, greeting and away texts; sealed to the gateway,
    which answers customers automatically (issue 12 item 4)."""
    ASSIGNMENT_SETTINGS = 39
    """An admin sets auto-assignment: on or off, capacities, who handles which labels."""
    AGENT_AVAILABILITY = 40
    """An agent says she is away or available again (auto-assignment skips her while away)."""
    MENU = 41
    """An admin sets the menu the gateway sends as a new conversation's first reply; sealed
    to the gateway (issue 12 item 5)."""
    SETTINGS_NOTED = 42
    """An admin tells the team which setting only the gateway reads they changed (hours,
    menu, number, a template, the phone's history; no content), so the audit trail lists it."""


class Preference(enum.IntEnum):
    STOP = 1
    RESUME = 2
    SIGNUP = 3


@dataclass(frozen=True, slots=True)
class NumberStatus:
    """The business number as customers see it (cloud-api.md §9), from the gateway's poll."""

    display_phone_number: str
    verified_name: str
    name_status: str
    quality_rating: str
    is_official_business_account: bool
    throughput_level: str
    messaging_limit: str
    at: int

    kind = EventKind.NUMBER_STATUS


class WebhookHandshake(enum.IntEnum):
    """Meta's webhook verification (the `hub.challenge` GET), as the gateway saw it. Wire values."""

    WAITING = 1
    SUCCEEDED = 2
    FAILED = 3
    """A verification came with another verify token (and none succeeded since the settings)."""


class SettingsState(enum.IntEnum):
    """What became of the number settings the gateway was sent. Wire values."""

    NONE = 1
    """No settings yet: the gateway waits for an admin to connect the number."""
    APPLIED = 2
    REJECTED = 3
    """Graph refused them (`problem`, `error_code`); the gateway keeps the previous ones."""


class Event(Protocol):
    """Any event value of the team log. Each kind's dataclass lives in its module in
    `app.log.kinds` (with its encoding and fold); `app.log.events` imports them all."""

    @property
    def kind(self) -> EventKind: ...
