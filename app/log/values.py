"""The values the fold works on: log records in, replica rows and change sets out.

PURE: plain frozen dataclasses. The store maps them to SQL rows (`app.store.rows`,
`app.store.customer_rows`); the fold (`app.log.fold`) and the event kinds (`app.log.kinds`)
read and replace them without any I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.domain.content import Content, ContentKind
from app.domain.events import Event, Preference
from app.domain.frozen import quick_init
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.model import DeliveryStatus


class Outcome(enum.IntEnum):
    """What apply did with a stored event (`events.outcome`). Stored: never renumber."""

    APPLIED = 1
    STORED = 2
    """Not for this desk to apply (no decoded event, or an outbound request)."""
    DUPLICATE = 3
    """An inbound message whose wamid was already known."""
    SKIPPED = 4
    """Referred to a conversation or message this replica does not have."""


@quick_init
@dataclass(frozen=True, slots=True)
class StoredConversation:
    """A `conversations` row as apply reads and rewrites it."""

    conversation_id: ConversationId
    customer_id: CustomerId
    assignee: DeviceId | None = None
    last_subject_seq: int = 0
    last_inbound_at: int | None = None
    waiting_since: int | None = None
    last_text: str = ""
    last_at: int = 0
    unread: int = 0
    message_count: int = 0
    last_kind: ContentKind = ContentKind.TEXT
    state: ConversationState = ConversationState.OPEN
    snooze_until: int = 0
    """Unix seconds a snooze ends; 0 unless SNOOZED."""


@dataclass(frozen=True, slots=True)
class WamidStatus:
    """A `wamid_status` row: the merged delivery status Meta reported for one wamid."""

    wamid: Wamid
    status: DeliveryStatus
    error_code: int
    at: int


@quick_init
@dataclass(frozen=True, slots=True)
class StoredCustomer:
    """A `customers` row: the customer of one conversation, under the id it started with."""

    customer_id: CustomerId
    conversation_id: ConversationId
    wa_id: str
    profile_name: str
    current_id: CustomerId | None = None
    """The id Meta knows the customer by now, when it changed since (`CustomerIdChanged`)."""


@dataclass(frozen=True, slots=True)
class StoredReaction:
    """A `reactions` row: the customer's newest reaction to one wamid."""

    target: Wamid
    conversation_id: ConversationId
    emoji: str
    at: int
    seq: int


@dataclass(frozen=True, slots=True)
class StoredEdit:
    """A `customer_edits` row: one version of a customer's message, or its deletion.

    Kept by the target's wamid whether or not the message is here yet (an edit may overtake
    its original), like reactions; `app.log.customer_changes` applies them.
    """

    target: Wamid
    seq: int
    """The stream sequence of the edit (or of the original message, for its first version)."""
    at: int
    """Meta's time of this version, Unix seconds."""
    content: Content | None
    """This version's content; None marks the deletion (every version is dropped then)."""


@dataclass(frozen=True, slots=True)
class StoredContact:
    """A `phone_contacts` row: the name the business's phone book gives a number.

    The business's own label, kept apart from the customer's profile name (cloud-api.md
    §15.4); a removal keeps the row with no name, so a late copy of an older addition cannot
    bring the name back.
    """

    wa_id: str
    full_name: str
    """"" once the phone book no longer has the number."""
    at: int
    seq: int


@dataclass(frozen=True, slots=True)
class StoredPreference:
    """A `marketing_preferences` row."""

    customer_id: CustomerId
    preference: Preference
    at: int
    seq: int


@quick_init
@dataclass(frozen=True, slots=True)
class AppliedRecord:
    """One verified log record, ready to be stored and (if `event` is set) applied."""

    seq: int
    """JetStream stream sequence: the record's place in the team log."""
    subject: str
    envelope: bytes
    """The sealed envelope exactly as received; stored for re-verification."""
    envelope_hash: bytes
    event_id: EventId
    author: DeviceId
    author_seq: int
    conversation_id: ConversationId | None
    """Derived by the caller for gateway events (which do not know it); None if not applicable."""
    event: Event | None
    """The decoded event; None for records stored but not applied (e.g. type 3 on member desks)."""
    chain_link: bytes | None = None
    """Set for team-chain records: the validated link, appended to `chain_links`."""
    author_time: int | None = None
    """The plaintext's `author_time` (Unix seconds). Replies use it as their time; when None the
    store keeps the time it already has (our own pending message) or the conversation's last."""
    thread_conversations: tuple[tuple[str, ConversationId], ...] = ()
    """For a history chunk: each customer number it names and the conversation the caller
    derived for it (as for a customer's own message), since one record spans many chats."""


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What one store operation changed, so views refresh only what they show."""

    conversations: frozenset[ConversationId] = frozenset()
    """Conversations whose row or messages changed."""
    new_messages: tuple[EventId, ...] = ()
    """Messages that did not exist before, in apply order."""
    updated_messages: frozenset[EventId] = frozenset()
    """Existing messages whose status, wamid, position, time or reaction changed."""
    queue_changed: bool = False
    """A queue row changed (new conversation, assignee, waiting, preview, unread)."""
    outbox_changed: bool = False
    """An outbox job was closed by the log (our reply arrived)."""
    number_status_changed: bool = False
    """The business number's status (name, badge, quality) changed."""
    chain_changed: bool = False
    """A team-chain link was stored: devices, roles or the key epoch may have changed."""
    templates_changed: bool = False
    """The gateway's template catalogue changed."""
    admin_notices_changed: bool = False
    """Meta told the admins something new (`app.domain.admin_notice`)."""
    labels_changed: bool = False
    """A label was defined, changed or deleted (`app.domain.labels`)."""
    canned_changed: bool = False
    """A canned reply was defined, changed or deleted (`app.domain.canned`)."""
    releases_changed: bool = False
    """An admin announced a newer version (`app.domain.releases`)."""
    assignment_changed: bool = False
    """Auto-assignment's settings or an agent's availability changed: the assigner looks
    again (the queue's changes wake it through `queue_changed`)."""
    snoozes_changed: bool = False
    """A conversation was snoozed or left its snooze (or stayed snoozed and was written
    again): when the next snooze ends may have moved. Most batches change none, and sparing
    the snooze waker its query after each is one trip to SQLite less per live batch."""

    def __bool__(self) -> bool:
        return bool(
            self.conversations
            or self.new_messages
            or self.updated_messages
            or self.queue_changed
            or self.outbox_changed
            or self.number_status_changed
            or self.chain_changed
            or self.templates_changed
            or self.admin_notices_changed
            or self.labels_changed
            or self.canned_changed
            or self.releases_changed
            or self.assignment_changed
        )

    def merge(self, other: ChangeSet) -> ChangeSet:
        """Both change sets as one (for coalescing bursts)."""
        seen = set(self.new_messages)
        return ChangeSet(
            conversations=self.conversations | other.conversations,
            new_messages=self.new_messages + tuple(m for m in other.new_messages if m not in seen),
            updated_messages=self.updated_messages | other.updated_messages,
            queue_changed=self.queue_changed or other.queue_changed,
            outbox_changed=self.outbox_changed or other.outbox_changed,
            number_status_changed=self.number_status_changed or other.number_status_changed,
            chain_changed=self.chain_changed or other.chain_changed,
            templates_changed=self.templates_changed or other.templates_changed,
            admin_notices_changed=self.admin_notices_changed or other.admin_notices_changed,
            labels_changed=self.labels_changed or other.labels_changed,
            canned_changed=self.canned_changed or other.canned_changed,
            releases_changed=self.releases_changed or other.releases_changed,
            snoozes_changed=self.snoozes_changed or other.snoozes_changed,
            assignment_changed=self.assignment_changed or other.assignment_changed,
        )


NO_CHANGES = ChangeSet()
