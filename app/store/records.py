"""Values that cross the store's boundary: what sync hands in, what the store hands back."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.domain.content import Content
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import ConversationDetail, QueueView
from app.log.values import NO_CHANGES as NO_CHANGES
from app.log.values import AppliedRecord as AppliedRecord
from app.log.values import ChangeSet as ChangeSet


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
