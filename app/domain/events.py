"""The event kinds of the team log, as plaintext values.

Every change to shared state is one of these, sealed in an envelope (crypto.md §3.6). Desks apply
them in stream order; the same log gives the same state on every desk. Gateway events (type 2)
carry what Meta said; member events (type 1) carry what agents did; outbound requests (type 3)
are opened only by the gateway.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.domain.content import (
    NO_CONTEXT,
    Content,
    MessageContext,
    StoredMedia,
    searchable_text,
)
from app.domain.ids import ConversationId, CustomerId, EventId, Wamid
from app.domain.model import DeliveryStatus


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
    OUTBOUND_REQUEST = 20
    GATEWAY_SETTINGS = 21


@dataclass(frozen=True, slots=True)
class CustomerMessage:
    """A customer wrote to the business (gateway event)."""

    wamid: Wamid
    customer_id: CustomerId
    customer_wa_id: str
    """Phone digits, or "" for a customer known only by username (cloud-api.md §3.1)."""
    profile_name: str
    sent_at: int
    """Meta's timestamp, Unix seconds; the 24-hour window counts from it."""
    content: Content
    context: MessageContext = NO_CONTEXT

    kind = EventKind.CUSTOMER_MESSAGE

    @property
    def text(self) -> str:
        """The message's words, for previews, search and logs-free display."""
        return searchable_text(self.content)


@dataclass(frozen=True, slots=True)
class CustomerIdChanged:
    """The customer's business-scoped id changed (new phone number or user id; gateway event).

    The conversation stays the same: desks map the new id to it (cloud-api.md §3.1).
    """

    previous_id: CustomerId
    new_id: CustomerId
    new_wa_id: str
    at: int

    kind = EventKind.CUSTOMER_ID_CHANGED


class Preference(enum.IntEnum):
    STOP = 1
    RESUME = 2
    SIGNUP = 3


@dataclass(frozen=True, slots=True)
class PreferenceChanged:
    """The customer stopped or resumed marketing messages (`user_preferences`)."""

    customer_id: CustomerId
    """The BSUID when Meta sent one, else the phone digits."""
    preference: Preference
    at: int

    kind = EventKind.PREFERENCE_CHANGED


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


@dataclass(frozen=True, slots=True)
class DeliveryStatusChanged:
    """Meta reported a status for a message we sent (gateway event)."""

    wamid: Wamid
    status: DeliveryStatus
    at: int
    error_code: int
    """0 unless `status` is FAILED."""
    error_title: str

    kind = EventKind.DELIVERY_STATUS


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The gateway's send call for a reply returned (gateway event).

    `wamid` is set when Meta accepted the message; otherwise `error_code` says why it failed.
    """

    reply_event_id: EventId
    wamid: Wamid | None
    error_code: int
    error_detail: str

    kind = EventKind.SEND_OUTCOME


@dataclass(frozen=True, slots=True)
class Claim:
    """An agent took a conversation (member event, guarded by the conversation's sequence)."""

    conversation_id: ConversationId

    kind = EventKind.CLAIM


@dataclass(frozen=True, slots=True)
class Reply:
    """An agent answered the customer (member event); the gateway sends it on request.

    `content` is a `Text`, or a `Media` whose file the desk stored sealed in the hub.
    """

    conversation_id: ConversationId
    content: Content

    kind = EventKind.REPLY

    @property
    def text(self) -> str:
        return searchable_text(self.content)


@dataclass(frozen=True, slots=True)
class OutboundRequest:
    """Ask the gateway to send a reply (type-3 event, sealed to the gateway only).

    For a file, `content` carries its `StoredMedia` (object name and key): the gateway fetches
    the sealed copy, opens it and uploads it to Meta.
    """

    reply_event_id: EventId
    customer_id: CustomerId
    customer_wa_id: str
    content: Content

    kind = EventKind.OUTBOUND_REQUEST

    @property
    def text(self) -> str:
        return searchable_text(self.content)


@dataclass(frozen=True, slots=True)
class MediaStored:
    """The gateway fetched an inbound message's file and stored it sealed (gateway event).

    The message itself is published first, without its file, so Meta's webhook is answered at
    once (cloud-api.md §13); the file follows when downloaded, and desks attach it by wamid.
    """

    wamid: Wamid
    stored: StoredMedia

    kind = EventKind.MEDIA_STORED


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """An admin connects the number: the Cloud API settings (type-3 event, sealed to the
    gateway only; team-setup.md §5). The gateway takes them from an active admin only.

    The token and the app secret never reach the hub or a desk's log in clear: the envelope is
    sealed to the gateway's `device_kem`, and `repr` leaves them out of logs.
    """

    phone_number_id: str
    business_account_id: str
    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)
    """Meta signs every webhook with it (`X-Hub-Signature-256`)."""
    verify_token: str = field(repr=False)
    """Made on the desk; Meta's webhook handshake (`hub.verify_token`) must bring it back."""
    graph_url: str
    """`https://graph.facebook.com`, or the simulator's address."""
    webhook_url: str
    """The public callback URL to report to the desks; "" keeps the gateway's own."""
    simulated: bool
    """The Cloud API simulator stands in for Meta (a try-out)."""

    kind = EventKind.GATEWAY_SETTINGS


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


@dataclass(frozen=True, slots=True)
class GatewayStatus:
    """The gateway's report on its webhook connection (gateway event, sealed to the team).

    Sent when settings were applied or rejected, when Meta's handshake succeeds or fails, and
    for the last webhook's time at most about once a minute.
    """

    webhook_url: str
    handshake: WebhookHandshake
    handshake_at: int
    """Unix seconds of the handshake's outcome; 0 while waiting."""
    last_webhook_at: int
    """Unix seconds of the last signed webhook from Meta; 0 if none yet."""
    settings: SettingsState
    settings_id: EventId
    """The event id of the settings request this reports on; zeros when none."""
    problem: str
    """Why the settings were rejected (a stable code such as `token_invalid`), else ""."""
    error_code: int
    """Graph's error code behind `problem`; 0 if none."""
    simulated: bool
    at: int

    kind = EventKind.GATEWAY_STATUS


GatewayEvent = (
    CustomerMessage
    | DeliveryStatusChanged
    | SendOutcome
    | CustomerIdChanged
    | PreferenceChanged
    | NumberStatus
    | MediaStored
    | GatewayStatus
)
MemberEvent = Claim | Reply
Event = GatewayEvent | MemberEvent | OutboundRequest | GatewaySettings
