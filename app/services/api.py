"""The desk's use-cases as the UI sees them: a Protocol, so `ui` depends on no implementation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from app.domain.content import Content, Media
from app.domain.gateway_beat import GatewayHealth
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.labels import LabelId
from app.domain.model import (
    ConversationDetail,
    ConversationSummary,
    HubIntegrity,
    HubState,
    LocalStoreState,
    Message,
    QueueView,
    SyncProgress,
)
from app.domain.notify import Notice
from app.domain.pricing import CostLine
from app.domain.profile import CustomerProfile, Episode
from app.domain.reports import Period, TeamReport
from app.domain.search import SearchHit
from app.domain.templates import TemplateDef, TemplateParam, TemplateRef
from app.log.events import NumberStatus
from app.services.assignment_api import AssignmentApi
from app.services.lists_api import CannedApi, LabelsApi
from app.services.releases_api import ReleasesApi

if TYPE_CHECKING:
    from app.domain.presence import ConversationPresence
    from app.services.audit_api import AuditApi


@dataclass(frozen=True, slots=True)
class Changes:
    """What one applied batch or local action changed; views refresh only what they show."""

    conversations: frozenset[ConversationId] = frozenset()
    messages: frozenset[EventId] = frozenset()
    queue_changed: bool = False
    initiator: DeviceId | None = None
    """The device whose action caused the change, when it was a local action."""
    number_status_changed: bool = False
    """The business number's status changed: ask `DeskApi.number_status()` again."""
    templates_changed: bool = False
    """The gateway's template catalogue changed: ask `DeskApi.templates()` again."""
    sync_progressed: bool = False
    """More of the team log was applied: ask `DeskApi.sync_progress()` again."""
    chain_changed: bool = False
    """A team-chain link was applied: the roster, roles or key epoch may have changed."""
    hub_integrity_changed: bool = False
    """The desk caught the hub at something new: ask `DeskApi.hub_integrity()` again."""
    local_store_changed: bool = False
    """This desk's replica started or stopped failing: ask `DeskApi.local_store()` again."""
    gateway_changed: bool = False
    """What the team's gateways say changed: ask `DeskApi.gateway_health()` again."""
    admin_notices_changed: bool = False
    """Meta told the admins something new: `TeamAdmin` lists it (`TeamChange.NOTICES`)."""
    presence: frozenset[ConversationId] = frozenset()
    """Conversations where who is viewing or typing changed: ask `DeskApi.presence()` again."""
    labels_changed: bool = False
    """A label was defined, changed or deleted: ask `DeskApi.labels.labels()` again."""
    canned_changed: bool = False
    """A canned reply changed: ask `DeskApi.canned.canned_replies()` again."""
    releases_changed: bool = False
    """An admin announced a version: ask `DeskApi.releases.available()` again."""
    assignment_changed: bool = False
    """Auto-assignment's settings or someone's availability changed: ask
    `DeskApi.assignment` again."""


ChangeListener = Callable[[Changes], None]
HubStateListener = Callable[[HubState], None]
NoticeListener = Callable[[Notice], None]


class DeskApi(Protocol):
    """Everything a desk window asks of the services layer. All I/O is awaited off the UI."""

    @property
    def me(self) -> DeviceId: ...

    @property
    def my_name(self) -> str: ...

    def agent_name(self, device: DeviceId) -> str:
        """Display name of a team device (from the validated team chain); cheap, no I/O."""
        ...

    @property
    def audit(self) -> AuditApi | None:
        """The team's audit trail and recorded exports (`app.services.audit_api`); None on a
        desk built without them."""
        ...

    @property
    def labels(self) -> LabelsApi:
        """The team's labels (`app.services.lists_api`)."""
        ...

    @property
    def canned(self) -> CannedApi:
        """Canned replies (`app.services.lists_api`)."""
        ...

    @property
    def releases(self) -> ReleasesApi:
        """Newer versions admins announce (`app.services.releases_api`)."""
        ...

    @property
    def assignment(self) -> AssignmentApi:
        """Auto-assignment and who is away (`app.services.assignment_api`)."""
        ...

    async def queue_count(self, view: QueueView, label: LabelId | None = None) -> int:
        """How many conversations a tab lists (only those carrying `label`, if given)."""
        ...

    async def queue_page(
        self, view: QueueView, offset: int, limit: int, label: LabelId | None = None
    ) -> list[ConversationSummary]:
        """One page of a tab (only conversations carrying `label`, if given), each row with
        its labels."""
        ...

    async def conversation(self, conversation_id: ConversationId) -> ConversationDetail | None:
        """The conversation's detail, including whether the customer opted out of marketing."""
        ...

    async def customer_profile(self, conversation_id: ConversationId) -> CustomerProfile | None:
        """Who the customer is and what the team went through with them (the customer panel):
        name, number or id, opt-out, whether recent replies could not be delivered, first
        contact, totals and the newest earlier conversations (`app.domain.profile`). Bounded:
        never reads the whole thread. None for an unknown conversation."""
        ...

    async def earlier_conversations(
        self, conversation_id: ConversationId, before_position: int, limit: int
    ) -> list[Episode]:
        """The next page of earlier conversations: up to `limit` resolved before
        `before_position` (the oldest listed one's `resolved_position`), the newest first."""
        ...

    async def cost_report(self, since: int) -> list[CostLine]:
        """What Meta priced from `since` (Unix seconds) on: messages counted by day (UTC),
        category and sender, charged and free (`app.domain.pricing`). A sender this replica
        does not know is ""."""
        ...

    async def team_report(self, start: int, end: int, period: Period) -> TeamReport:
        """The activity report over [start, end) (Unix seconds) by `period`, computed from the
        replica (`app.domain.reports`), with the names of the agents it lists."""
        ...

    async def number_status(self) -> NumberStatus | None:
        """The business number as customers see it (name, badge, quality; cloud-api.md §9), as
        the gateway last reported it; None until the first report. `Changes` with
        `number_status_changed` say when to ask again."""
        ...

    async def messages_page(
        self, conversation_id: ConversationId, before_position: int | None, limit: int
    ) -> list[Message]:
        """Up to `limit` messages older than `before_position` (newest if None), oldest first."""
        ...

    async def search(
        self,
        query: str,
        conversation_id: ConversationId | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """Messages matching what the agent typed (read by `app.domain.search.parse_query`) in
        the whole local history or one conversation, newest first: up to `limit` hits older than
        the hit whose `order` is `before` (None: from the newest). Text with no letters or digits
        finds nothing; no text ever raises."""
        ...

    async def claim(self, conversation_id: ConversationId) -> None:
        """Take the conversation. Raises AlreadyClaimed if a colleague won the race."""
        ...

    async def hand_over(
        self,
        conversation_id: ConversationId,
        action: HandoverAction,
        target: DeviceId | None = None,
        note: str = "",
    ) -> None:
        """Assign to a colleague, transfer with a note, release to the queue, or take over.

        Guarded like a claim: returns once this replica shows the change.

        Raises:
            HandoverRefused: The rules of `app.domain.handling` do not allow it (`reason`).
            ConversationChanged: A colleague changed the conversation first (`by`).
            HubUnreachable: The hub did not answer; nothing changed.
        """
        ...

    async def set_state(
        self, conversation_id: ConversationId, state: ConversationState, snooze_until: int = 0
    ) -> None:
        """Resolve, mark pending, snooze until `snooze_until` (Unix seconds) or reopen.

        Raises:
            StateRefused: Nothing would change, or the snooze would end in the past.
            ConversationChanged, HubUnreachable: as for `hand_over`.
        """
        ...

    async def add_note(
        self, conversation_id: ConversationId, text: str, mentions: tuple[DeviceId, ...] = ()
    ) -> None:
        """Add a private note for colleagues (never sent); `mentions` are notified.

        Raises:
            NoteRefused: Empty, too long, or too many mentions (`reason`).
            HubUnreachable: The hub did not take it.
        """
        ...

    def colleagues(self) -> list[tuple[DeviceId, str]]:
        """The team's other active agents (device, name), for assigning and mentioning; cheap."""
        ...

    async def reply(
        self, conversation_id: ConversationId, text: str, seen_position: int | None = None
    ) -> Message:
        """Queue a reply durably (outbox) and return the pending message at once.

        Args:
            seen_position: The newest message position the agent had seen when they began
                writing; None skips the check.

        Raises:
            NewMessagesArrived: A customer's or colleague's message is newer than
                `seen_position` (the agent would answer blind); nothing was queued.
        """
        ...

    async def reply_media(
        self,
        conversation_id: ConversationId,
        filename: str,
        mime_type: str,
        data: bytes,
        caption: str = "",
    ) -> Message:
        """Send a file (photo, video, audio, document or sticker, by its MIME type).

        Checks it against WhatsApp's limits (`media_rules`), seals it, stores only the
        ciphertext in the hub, and queues the reply durably; returns the pending message.

        Raises:
            FileRefused: The file or its caption breaks WhatsApp's rules (a coded subclass).
            WindowClosed: The 24-hour window is closed.
            HubUnreachable: The hub did not take the file; nothing was queued.
        """
        ...

    async def templates(self) -> tuple[TemplateDef, ...]:
        """The message templates agents may send (approved, text parameters only), by name
        and language, from the gateway's newest catalogue; empty before it reported one.
        `Changes` with `templates_changed` say when to ask again."""
        ...

    async def reply_template(
        self,
        conversation_id: ConversationId,
        template: TemplateRef,
        values: Mapping[TemplateParam, str],
    ) -> Message:
        """Send a message template with these parameter values; allowed whether the 24-hour
        window is open or not. Returns the pending message at once (outbox).

        Raises:
            TemplateUnavailable: The template is not (or no longer) approved for sending.
            TemplateIncomplete: A parameter has no value; nothing was queued.
            NotYours: Only the conversation's assignee writes to the customer.
        """
        ...

    async def start_conversation(
        self, phone_number: str, template: TemplateRef, values: Mapping[TemplateParam, str]
    ) -> ConversationId:
        """Write first to a customer known only by phone number, with a template. Their
        conversation is created (held by this agent) unless the desk already has one for the
        number; their answer lands in it. Returns the conversation.

        Raises:
            PhoneNumberInvalid: Not an international number with country code.
            TemplateUnavailable, TemplateIncomplete, NotYours: as for `reply_template`.
            HubUnreachable: The hub did not answer; the template may not be queued.
        """
        ...

    async def mark_read(self, conversation_id: ConversationId) -> None: ...

    async def retry_reply(self, event_id: EventId) -> None:
        """Send again an own reply the outbox gave up on (FAILED with `OUTBOX_GAVE_UP`) or
        found in conflict (CONFLICT), guarded by what this desk holds now; it shows as
        PENDING again.

        Raises:
            ReplyNotRetryable: It was sent, is still on its way, or is not this desk's.
            WindowClosed: The 24-hour window closed meanwhile.
        """
        ...

    async def discard_reply(self, event_id: EventId) -> None:
        """Take back such a reply: it never reached the log, and its bubble goes away.

        Raises:
            ReplyNotRetryable: It was sent, is still on its way, or is not this desk's.
        """
        ...

    async def message_versions(self, event_id: EventId) -> list[tuple[int, Content]]:
        """Every version of a message its customer edited, oldest first: (Meta's time,
        content). Empty if it was never edited, or deleted since."""
        ...

    async def open_media(self, event_id: EventId) -> tuple[Media, bytes]:
        """A message's file (received or sent), decrypted in memory. Raises a UserFault if it
        cannot be had."""
        ...

    async def cached_thumbnail(self, event_id: EventId) -> bytes | None:
        """The thumbnail this desk kept of a message's picture (`keep_thumbnail`), opened in
        memory; None if none is kept (the file is then opened and a thumbnail made)."""
        ...

    async def keep_thumbnail(self, event_id: EventId, thumbnail: bytes) -> None:
        """Keep a thumbnail (encoded image bytes) of a message's picture for next time. On disk
        it is only ever sealed; a message without a file keeps nothing."""
        ...

    def presence(self, conversation_id: ConversationId) -> ConversationPresence:
        """Colleagues viewing or typing in the conversation now; cheap, no I/O. `Changes`
        with `presence` say when to ask again."""
        ...

    def set_viewing(self, conversation_id: ConversationId | None) -> None:
        """The agent now looks at this conversation (None: at none); colleagues are told."""
        ...

    def typing(self, conversation_id: ConversationId) -> None:
        """The agent typed in the conversation's reply box (call on keystrokes; throttled)."""
        ...

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call `listener` after each change; returns an unsubscribe function."""
        ...

    def subscribe_hub_state(self, listener: HubStateListener) -> Callable[[], None]: ...

    def subscribe_notices(self, listener: NoticeListener) -> Callable[[], None]:
        """Call `listener` with each notice addressed to this desk (`domain.notify`): live
        events only, never the history a desk applies while it catches up. Returns an
        unsubscribe function."""
        ...

    async def unread_count(self) -> int:
        """How many conversations that are this desk's agent's or nobody's have unread
        customer messages (the tray badge and the window title show it)."""
        ...

    def sync_progress(self) -> SyncProgress:
        """How far this desk has caught up with the team log; cheap, no I/O. A new desk of a
        long-lived team opens at once and syncs in the background."""
        ...

    def hub_integrity(self) -> HubIntegrity:
        """What this desk caught the hub doing to the team log (forged, replayed, withheld,
        reordered or rolled-back records, an invalid chain); cheap, no I/O."""
        ...

    def local_store(self) -> LocalStoreState:
        """Whether this desk's own replica takes writes and passed its integrity check;
        cheap, no I/O."""
        ...

    def gateway_health(self) -> GatewayHealth:
        """Whether the team's gateway runs and reaches WhatsApp, from its beats; cheap, no
        I/O."""
        ...

    @property
    def hub_state(self) -> HubState: ...


@dataclass
class ChangeBus:
    """Fan-out of change sets to listeners (the UI bridge turns them into Qt signals)."""

    _listeners: list[ChangeListener] = field(default_factory=list)

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)
