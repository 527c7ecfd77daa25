"""Value types the desk shows and the rules reason about."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.domain.content import NO_CONTEXT, Content, ContentKind, MessageContext
from app.domain.frozen import quick_init
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.labels import LabelId


class DeliveryStatus(enum.IntEnum):
    """Where an outbound message is; higher values come later in a message's life.

    `FAILED` ranks highest: once Meta says a message failed, a late `delivered` cannot undo it.
    """

    PENDING = 0
    """Written locally, not yet accepted by the hub (in the outbox)."""
    QUEUED = 1
    """In the team log, waiting for the gateway to send it."""
    SENT = 2
    DELIVERED = 3
    READ = 4
    PLAYED = 5
    UNCERTAIN = 6
    """The gateway lost the send's answer (a timeout, a crash): Meta may or may not have it.
    Not a failure, and not final: Meta's statuses for the message settle it (`merge_status`
    ranks it between QUEUED and SENT, whatever its number)."""
    FAILED = 9
    CONFLICT = 10
    """Refused by the hub: the conversation changed since the agent looked (stale view)."""


class Role(enum.IntEnum):
    """What a device may do in the team (crypto.md §3.1)."""

    ADMIN = 1
    MEMBER = 2
    GATEWAY = 3


class Direction(enum.IntEnum):
    """Who wrote a message."""

    INBOUND = 1
    OUTBOUND = 2
    NOTE = 3
    """A private note by a colleague (`author`): never sent to the customer."""
    ACTIVITY = 4
    """A line saying who did what (claimed, transferred, resolved …); `author` acted."""


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """One row of the queue."""

    conversation_id: ConversationId
    customer_id: CustomerId
    customer_name: str
    assignee: DeviceId | None
    last_text: str
    last_at: int
    """Unix seconds of the newest message."""
    waiting_since: int | None
    """Unix seconds of the oldest unanswered inbound message, None if answered."""
    unread: int
    message_count: int
    last_kind: ContentKind = ContentKind.TEXT
    """What the newest message is (a photo, a location …), for the preview's label."""
    state: ConversationState = ConversationState.OPEN
    snooze_until: int = 0
    """Unix seconds a snooze ends; 0 unless SNOOZED."""
    labels: tuple[LabelId, ...] = ()
    """The labels it carries, by name (`app.domain.labels`)."""


@dataclass(frozen=True, slots=True)
class QuotedMessage:
    """The message a customer's message replies to, as far as this replica knows it."""

    direction: Direction
    text: str
    """Its searchable words (a caption, a file name …); may be empty."""
    kind: ContentKind
    author: DeviceId | None
    """The agent's device when the quoted message is one of ours."""


@quick_init
@dataclass(frozen=True, slots=True)
class Message:
    """One bubble of a conversation."""

    event_id: EventId
    conversation_id: ConversationId
    direction: Direction
    text: str
    at: int
    author: DeviceId | None
    """The agent's device for outbound messages; None for the customer."""
    wamid: Wamid | None
    status: DeliveryStatus
    error_code: int
    position: int
    """Order within the conversation: the stream sequence it was applied at."""
    content: Content | None = None
    """What the customer sent; None only for rows written before contents were stored."""
    context: MessageContext = NO_CONTEXT
    reaction: str = ""
    """The customer's current reaction to this message (an emoji), "" for none."""
    quoted: QuotedMessage | None = None
    """The message `context.quoted` names, when this replica has it."""
    edited: bool = False
    """The customer edited it: `text` and `content` are the newest version (views only)."""
    from_phone: bool = False
    """Sent from the business's WhatsApp Business app (a coexistence echo), not by an agent:
    outbound with no `author`."""
    sent_by_system: str = ""
    """The back-office system that sent it through the gateway's API (its name), "" for
    anything else: outbound with no `author`."""

    @property
    def kind(self) -> ContentKind:
        return ContentKind.TEXT if self.content is None else self.content.kind


@dataclass(frozen=True, slots=True)
class ConversationDetail:
    """What the conversation pane needs beyond the queue row."""

    conversation_id: ConversationId
    customer_id: CustomerId
    customer_wa_id: str
    customer_name: str
    assignee: DeviceId | None
    last_subject_seq: int
    """Stream sequence of the newest member event on this conversation's subject: the guard."""
    last_inbound_at: int | None
    unread: int = 0
    message_count: int = 0
    marketing_opt_out: bool = False
    """The customer stopped marketing messages (`user_preferences` STOP, not resumed since)."""
    state: ConversationState = ConversationState.OPEN
    snooze_until: int = 0
    """Unix seconds a snooze ends; 0 unless SNOOZED."""


class QueueView(enum.Enum):
    """The tabs of the queue."""

    UNASSIGNED = "unassigned"
    MINE = "mine"
    ALL_OPEN = "all"
    PENDING = "pending"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """How far this desk has applied the team log (stream sequences, the hub's order)."""

    applied: int
    """The newest stream sequence applied to the replica."""
    total: int
    """The newest stream sequence the desk knows the hub holds."""

    @property
    def caught_up(self) -> bool:
        """Everything known to be on the hub is applied."""
        return self.applied >= self.total


@dataclass(frozen=True, slots=True)
class HubIntegrity:
    """What this desk caught the hub doing to the team log (crypto.md §3.7); all zero and
    `chain_invalid` None while the hub behaves. Counts since the desk was opened."""

    forged: int = 0
    """Records refused as not genuine or out of place: junk, bad signatures, wrong subject."""
    replayed: int = 0
    """Copies of records this desk had already applied, stored again by the hub."""
    gaps: int = 0
    """Times an author's next event skipped `author_seq` numbers this desk never saw."""
    withheld: int = 0
    """`author_seq` numbers skipped that have not turned up since (dropped or withheld)."""
    reordered: int = 0
    """Events that filled a gap, arriving after later events of their author."""
    rolled_back: int = 0
    """Times the hub no longer held the newest record this desk had applied."""
    ahead_of_chain: int = 0
    """Events refused because they name team-chain links this desk was never given: the hub
    withholds a change of the team (a removal, a rotation)."""
    chain_invalid: str | None = None
    """Why the team chain stopped validating, if it did: sending stops (§3.5 rule 7)."""

    @property
    def clean(self) -> bool:
        """Nothing to report."""
        return self == HubIntegrity()


class LocalStoreState(enum.Enum):
    """How this desk's own replica is doing: its disk and its file."""

    OK = "ok"
    FAILING = "failing"
    """Writes fail (a full disk, I/O errors): syncing and sending wait and go on by themselves
    once they work again; nothing typed or received is lost."""
    DAMAGED = "damaged"
    """The file failed its integrity check: what it shows may be incomplete."""


class HubState(enum.Enum):
    """Connection to the hub, as the header shows it."""

    CONNECTING = "connecting"
    ONLINE = "online"
    NOT_RESPONDING = "not-responding"
    """Connected, but the hub has stopped answering; replies wait in the outbox."""
    CANNOT_STORE = "cannot-store"
    """Connected, but the hub cannot save anything new (its disk is full): replies wait in
    the outbox, and customers' messages reach the desks once it has room again."""
    OFFLINE = "offline"
