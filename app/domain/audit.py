"""The audit trail: who did what to which conversation or to the team, and when (issue 12 item 8).

PURE. Every entry is read from the signed log the replica already holds: agents' records in the
events table (indexed by the action they took) and the team chain's links. An entry names its
record's place in the log (`seq`), so the trail can be checked against the chain: the record's
author signature is verified again under the key the chain gives its author.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.domain.ids import ConversationId, DeviceId


class AuditAction(enum.IntEnum):
    """What a person did. Stored (`events.audit_action`): never renumber."""

    CLAIMED = 1
    ASSIGNED = 2
    TRANSFERRED = 3
    RELEASED = 4
    TOOK_OVER = 5
    REOPENED = 6
    """An agent opened the conversation again (not the customer's message, not a snooze's end)."""
    MARKED_PENDING = 7
    SNOOZED = 8
    RESOLVED = 9
    SENT = 10
    """A reply, file or template to the customer."""
    EXPORTED = 11
    INVITED = 12
    """An admin opened an invite (team chain)."""
    ADDED = 13
    """An admin let a device join the team (team chain)."""
    REMOVED = 14
    """An admin removed devices or a person (team chain)."""
    INVITE_CANCELLED = 15
    LABEL_DEFINED = 16
    """An admin defined a label or changed its name or colour."""
    LABEL_DELETED = 17
    LABEL_ADDED = 18
    """Someone put a label on a conversation."""
    LABEL_REMOVED = 19
    CANNED_SAVED = 20
    """Someone added or changed a canned reply (the team's or their own)."""
    CANNED_DELETED = 21
    BACK_OFFICE_ADDED = 22
    """An admin let a back-office system send notifications (a token was made)."""
    BACK_OFFICE_REVOKED = 23
    VERSION_ANNOUNCED = 24
    """An admin told the team a newer version is out."""
    BACKED_UP = 25
    """Someone wrote an encrypted backup of their desk's replica."""
    HOURS_CHANGED = 26
    """An admin saved new business hours, greeting or away texts."""
    MENU_CHANGED = 27
    NUMBER_CHANGED = 28
    """An admin sent the number's Cloud API settings (its access token among them)."""
    TEMPLATE_SUBMITTED = 29
    HISTORY_REQUESTED = 30
    """An admin asked for the phone's contacts and chat history."""
    AUTO_ASSIGNED = 31
    """The team's auto-assignment gave a conversation to an agent (the author's desk decided)."""
    ASSIGNMENT_CHANGED = 32
    """An admin changed the auto-assignment settings."""
    WENT_AWAY = 33
    """An agent said she is away (auto-assignment gives her nothing)."""
    CAME_BACK = 34


class NotedSetting(enum.IntEnum):
    """A setting only the gateway reads, named in kind 42. On the wire: never renumber."""

    BUSINESS_HOURS = 1
    MENU = 2
    NUMBER = 3
    TEMPLATE = 4
    PHONE_HISTORY = 5


NOTED_ACTIONS = {
    NotedSetting.BUSINESS_HOURS: AuditAction.HOURS_CHANGED,
    NotedSetting.MENU: AuditAction.MENU_CHANGED,
    NotedSetting.NUMBER: AuditAction.NUMBER_CHANGED,
    NotedSetting.TEMPLATE: AuditAction.TEMPLATE_SUBMITTED,
    NotedSetting.PHONE_HISTORY: AuditAction.HISTORY_REQUESTED,
}
"""What the trail calls each noted setting's change."""


NEWEST = 1 << 62
"""A log position above every stream sequence: ask for the first page with it."""

CHAIN_ACTIONS = frozenset(
    {AuditAction.INVITED, AuditAction.ADDED, AuditAction.REMOVED, AuditAction.INVITE_CANCELLED}
)
"""Actions read from the team chain's links, not from the events table."""


class Verification(enum.Enum):
    """What checking an entry against the team chain found."""

    UNCHECKED = "unchecked"
    VERIFIED = "verified"
    """Its record's signature verifies under the key the team chain holds for its author, and
    the record is the one the sync stored (same hash, author and author sequence)."""
    FAILED = "failed"
    """The stored record does not verify: the replica was changed behind the sync's back."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One action, as the trail shows it."""

    seq: int
    """The record's stream sequence: its place in the team log, and the key to check it."""
    at: int
    """When the author's device says it acted (Unix seconds); 0 when it did not say."""
    actor: DeviceId
    action: AuditAction
    conversation_id: ConversationId | None = None
    """The conversation it concerned; None for the team's own records and whole exports."""
    target: DeviceId | None = None
    """The colleague it was assigned or transferred to, taken from, added or removed."""
    detail: int = 0
    """A count the action carries: devices removed, conversations exported."""
    in_chain: bool = False
    """Read from the team chain (a link), not from the events table (an envelope)."""
    customer: str = ""
    """The conversation's customer as this desk names them; "" when none or unknown."""


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to list; every field left at its default lets everything through."""

    actor: DeviceId | None = None
    actions: frozenset[AuditAction] = frozenset()
    """Empty: every action."""
    since: int | None = None
    """Unix seconds, inclusive."""
    until: int | None = None
    """Unix seconds, exclusive."""
    conversation_id: ConversationId | None = None

    def admits(self, entry: AuditEntry) -> bool:
        """Whether `entry` passes (for entries read outside SQL: the chain's)."""
        if self.actor is not None and entry.actor != self.actor:
            return False
        if self.actions and entry.action not in self.actions:
            return False
        if self.since is not None and entry.at < self.since:
            return False
        if self.until is not None and entry.at >= self.until:
            return False
        return self.conversation_id is None or entry.conversation_id == self.conversation_id

    @property
    def wants_chain(self) -> bool:
        """Whether chain entries could pass at all (they name no conversation)."""
        wanted = self.actions or CHAIN_ACTIONS
        return self.conversation_id is None and bool(wanted & CHAIN_ACTIONS)

    @property
    def wants_events(self) -> bool:
        return not self.actions or bool(self.actions - CHAIN_ACTIONS)


def merge_newest(
    pages: Iterable[Iterable[AuditEntry]],
    limit: int,
    key: Callable[[AuditEntry], int] | None = None,
) -> list[AuditEntry]:
    """Up to `limit` entries of several newest-first pages, newest first (by log position)."""
    order = key or (lambda e: e.seq)
    merged = sorted((e for page in pages for e in page), key=order, reverse=True)
    return merged[:limit]


CSV_HEADER = ("position", "time_utc", "person", "action", "conversation", "colleague", "count")
"""The columns of an exported trail; `app.services.audit` writes the rows."""
