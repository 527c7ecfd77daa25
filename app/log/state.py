"""What one batch of log records reads and changes: the fold's working set, in plain Python.

`Keys` names the rows a batch may touch (each kind's `keys` adds to it), the store's
`batch.load` fills a `BatchState` with them, the kinds' folds change it in stream order
(`app.log.fold`), and `batch.flush` writes back only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain.admin_notice import AdminNotice
from app.domain.events import NumberStatus
from app.domain.handling import ConversationState
from app.domain.history import HistoryImport
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.model import Message
from app.domain.pricing import Pricing
from app.domain.templates import TemplateDef
from app.log.assignment_state import AssignmentBatch
from app.log.team_lists import ListsState
from app.log.values import (
    AppliedRecord,
    ChangeSet,
    Outcome,
    StoredContact,
    StoredConversation,
    StoredCustomer,
    StoredEdit,
    StoredPreference,
    StoredReaction,
    WamidStatus,
)

if TYPE_CHECKING:  # the kind modules import this one
    from app.log.kinds.back_office_system import BackOfficeSystemNoted
    from app.log.kinds.foreign_webhooks import ForeignWebhooks
    from app.log.kinds.gateway_status import GatewayStatus
    from app.log.kinds.version_announced import VersionAnnounced


@dataclass(slots=True)
class Keys:
    """The rows a batch of records may touch, by kind of key (each kind's `keys` adds its own)."""

    conversations: set[ConversationId] = field(default_factory=set)
    messages: set[EventId] = field(default_factory=set)
    wamids: set[Wamid] = field(default_factory=set)
    reaction_targets: set[Wamid] = field(default_factory=set)
    customer_ids: set[CustomerId] = field(default_factory=set)
    preference_ids: set[CustomerId] = field(default_factory=set)
    wa_ids: set[str] = field(default_factory=set)
    """Phone digits of customers whose conversation may have been started by number."""
    contacts: set[str] = field(default_factory=set)
    """Phone digits whose phone-book name a record may change (`contact_sync`)."""
    number_status: bool = False
    gateway_status: bool = False
    templates: bool = False
    history: bool = False
    """The phone's history import (`history_import`)."""
    labels: bool = False
    """Every label (they are few): a label's fold checks names and tombstones."""
    canned: set[bytes] = field(default_factory=set)
    """Canned replies (`CannedId`) a record defines."""


@dataclass(slots=True)
class BatchState:
    """What one batch reads (loaded up front) and what it changed (written back after)."""

    known_events: set[EventId] = field(default_factory=set)
    known_seqs: set[int] = field(default_factory=set)
    conversations: dict[ConversationId, StoredConversation] = field(default_factory=dict)
    loaded_buckets: dict[ConversationId, tuple[ConversationState, DeviceId | None]] = field(
        default_factory=dict
    )
    """Each loaded conversation's (state, assignee) as stored: the tab counts move from it."""
    messages: dict[EventId, Message] = field(default_factory=dict)
    by_wamid: dict[Wamid, EventId] = field(default_factory=dict)
    statuses: dict[Wamid, WamidStatus] = field(default_factory=dict)
    pricings: dict[Wamid, tuple[Pricing, int]] = field(default_factory=dict)
    """Prices the batch learned and the status time they came with; the store keeps the first
    per wamid, so none is loaded."""
    customers: dict[ConversationId, StoredCustomer] = field(default_factory=dict)
    """The `customers` row of each loaded conversation."""
    customer_map: dict[CustomerId, ConversationId] = field(default_factory=dict)
    """Every id the batch names that has a conversation: first ids and later ones alike."""
    by_wa_id: dict[str, ConversationId] = field(default_factory=dict)
    """Conversations by the customer's phone digits (for preferences that name only those)."""
    reactions: dict[Wamid, StoredReaction] = field(default_factory=dict)
    edits: dict[Wamid, list[StoredEdit]] = field(default_factory=dict)
    """The stored versions (or deletion) of each wamid the batch names, oldest first."""
    preferences: dict[CustomerId, StoredPreference] = field(default_factory=dict)
    contacts: dict[str, StoredContact] = field(default_factory=dict)
    """The phone book's names by phone digits (`phone_contacts`)."""
    number_status: tuple[NumberStatus, int] | None = None
    """The kept status and the stream sequence it came at."""
    gateway_status: tuple[GatewayStatus, int] | None = None
    """The gateway's kept connection report and the stream sequence it came at."""
    templates: tuple[tuple[TemplateDef, ...], int, int] | None = None
    """The kept template catalogue, the gateway's time of it and its stream sequence."""
    history: HistoryImport | None = None
    """The phone's history import as kept (None before any report)."""

    lists: ListsState = field(default_factory=ListsState)
    """Labels, conversations' labels and canned replies (`app.log.team_lists`)."""
    assignment: AssignmentBatch = field(default_factory=AssignmentBatch)
    """Auto-assignment settings, agents' availability and the round robin's place."""

    events: list[tuple[AppliedRecord, Outcome]] = field(default_factory=list)
    heads: dict[DeviceId, tuple[int, bytes]] = field(default_factory=dict)
    chain_links: list[tuple[int, bytes]] = field(default_factory=list)
    changed_customers: dict[ConversationId, None] = field(default_factory=dict)
    new_customer_ids: list[tuple[CustomerId, ConversationId, int]] = field(default_factory=list)
    changed_reactions: dict[Wamid, None] = field(default_factory=dict)
    new_edits: list[StoredEdit] = field(default_factory=list)
    foreign_webhooks: list[ForeignWebhooks] = field(default_factory=list)
    """The gateway's reports of webhooks for another number, to add to the counts."""
    dropped_edits: dict[Wamid, None] = field(default_factory=dict)
    """Wamids the customer deleted: their stored versions go before `new_edits` are written."""
    changed_preferences: dict[CustomerId, None] = field(default_factory=dict)
    changed_contacts: dict[str, None] = field(default_factory=dict)
    number_status_changed: bool = False
    gateway_status_changed: bool = False
    templates_changed: bool = False
    history_changed: bool = False
    imported_messages: dict[EventId, None] = field(default_factory=dict)
    """Messages of the phone's history: written like new ones, but the change set does not
    name them as new (they are the past: nobody is notified of them)."""
    back_office: list[BackOfficeSystemNoted] = field(default_factory=list)
    """Back-office systems admins told the team about, in log order (`api_tokens`)."""
    admin_notices: list[tuple[AdminNotice, int]] = field(default_factory=list)
    releases: list[tuple[VersionAnnounced, int]] = field(default_factory=list)
    """Newer versions admins announced, with the stream sequence each came at."""
    """Notices Meta gave the admins, with the stream sequence each came at."""
    changed_conversations: dict[ConversationId, None] = field(default_factory=dict)
    new_messages: dict[EventId, None] = field(default_factory=dict)
    changed_messages: dict[EventId, None] = field(default_factory=dict)
    reacted: dict[EventId, None] = field(default_factory=dict)
    """Messages whose reaction changed: their rows stay as they are (reads join `reactions`)."""
    changed_statuses: dict[Wamid, None] = field(default_factory=dict)
    replies: list[EventId] = field(default_factory=list)
    touched: set[ConversationId] = field(default_factory=set)

    def add_message(self, message: Message) -> None:
        self.messages[message.event_id] = message
        self.new_messages[message.event_id] = None
        if message.wamid is not None:
            self.by_wamid[message.wamid] = message.event_id
        self.touched.add(message.conversation_id)

    def import_message(self, message: Message) -> None:
        self.messages[message.event_id] = message
        self.imported_messages[message.event_id] = None
        if message.wamid is not None:
            self.by_wamid[message.wamid] = message.event_id
        self.touched.add(message.conversation_id)

    def put_message(self, message: Message) -> None:
        self.messages[message.event_id] = message
        if message.event_id not in self.new_messages:
            self.changed_messages[message.event_id] = None
        if message.wamid is not None:
            self.by_wamid[message.wamid] = message.event_id
        self.touched.add(message.conversation_id)

    def put_conversation(self, conversation: StoredConversation) -> None:
        self.conversations[conversation.conversation_id] = conversation
        self.changed_conversations[conversation.conversation_id] = None
        self.touched.add(conversation.conversation_id)

    def put_customer(self, customer: StoredCustomer) -> None:
        self.customers[customer.conversation_id] = customer
        self.changed_customers[customer.conversation_id] = None
        self.customer_map.setdefault(customer.customer_id, customer.conversation_id)
        self.touched.add(customer.conversation_id)

    def change_set(self, outbox_changed: bool) -> ChangeSet:
        reacted = (m for m in self.reacted if m not in self.new_messages)
        return ChangeSet(
            conversations=frozenset(self.touched),
            new_messages=tuple(self.new_messages),
            updated_messages=frozenset(self.changed_messages).union(reacted),
            queue_changed=bool(
                self.changed_conversations
                or self.changed_customers
                or self.changed_contacts
                or self.lists.marks
                or self.lists.changed_labels
            ),
            outbox_changed=outbox_changed,
            # The number's connection shows beside its status (one "number" change for views),
            # and so does the import of its phone's history.
            number_status_changed=(
                self.number_status_changed
                or self.gateway_status_changed
                or self.history_changed
                or bool(self.foreign_webhooks)
            ),
            chain_changed=bool(self.chain_links),
            templates_changed=self.templates_changed,
            admin_notices_changed=bool(self.admin_notices),
            labels_changed=bool(self.lists.changed_labels),
            canned_changed=bool(self.lists.changed_canned),
            releases_changed=bool(self.releases),
            assignment_changed=bool(self.assignment),
            snoozes_changed=self._snoozes_changed(),
        )

    def _snoozes_changed(self) -> bool:
        """Whether a changed conversation is snoozed now or was when loaded."""
        snoozed = ConversationState.SNOOZED
        for cid in self.changed_conversations:
            loaded = self.loaded_buckets.get(cid)
            if self.conversations[cid].state == snoozed or (loaded and loaded[0] == snoozed):
                return True
        return False
