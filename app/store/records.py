"""Values that cross the store's boundary: what sync hands in, what the store hands back."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.domain.content import Content
from app.domain.events import Event
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import ConversationDetail, QueueView


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

    def __bool__(self) -> bool:
        return bool(
            self.conversations
            or self.new_messages
            or self.updated_messages
            or self.queue_changed
            or self.outbox_changed
            or self.number_status_changed
            or self.chain_changed
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
        )


NO_CHANGES = ChangeSet()


class OutboxKind(enum.IntEnum):
    """What an outbox job publishes. Values are stored: never renumber."""

    REPLY = 1
    """payload = the reply text, UTF-8."""
    REPLY_CONTENT = 2
    """payload = the reply's content as the store's JSON (`content_rows`): a file, or any other
    content. Text replies keep `REPLY`, which builds from before this kind still read."""


class OutboxState(enum.IntEnum):
    """Where an outbox job is. Values are stored: never renumber."""

    PENDING = 0
    """Waiting to be published (or retried)."""
    SENT = 1
    """The hub accepted it, or it arrived back through the log."""
    FAILED = 2
    """Gave up after bounded attempts."""
    CONFLICT = 3
    """The hub refused it: the conversation changed since the agent looked."""


@dataclass(frozen=True, slots=True)
class OutboxJob:
    """One durable send job."""

    event_id: EventId
    """Also the idempotency key (`Nats-Msg-Id`)."""
    conversation_id: ConversationId
    kind: OutboxKind
    payload: bytes
    """As stored; `content` is what it says, decoded (and so validated) when the job is read."""
    content: Content
    """What the reply carries, for the runner's Reply and OutboundRequest."""
    expected_subject_seq: int
    """The conversation's last subject sequence the agent saw; the publish is guarded by it."""
    state: OutboxState
    attempts: int
    next_attempt_at: int
    last_error: str
    created_at: int


@dataclass(frozen=True, slots=True)
class ReplicaStats:
    """Counts for the demo report and diagnostics."""

    cursor: int
    events_stored: int
    inbound_messages: int
    outbound_by_author: dict[DeviceId, int] = field(default_factory=dict)
    duplicates_prevented: int = 0
    """Inbound events whose wamid was already known (the same webhook sealed twice)."""
    stored_not_applied: int = 0
    skipped: int = 0
    """Events that referred to something this replica does not have (e.g. an unknown
    conversation); stored, not applied."""


__all__ = [
    "AppliedRecord",
    "ChangeSet",
    "ConversationDetail",
    "NO_CHANGES",
    "OutboxJob",
    "OutboxKind",
    "OutboxState",
    "QueueView",
    "ReplicaStats",
]
