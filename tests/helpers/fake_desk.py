"""An in-memory `DeskApi` for UI tests: one shared `FakeTeam`, one `FakeDesk` per agent.

A plain test double holding lists. The lead's integration tests plug in the real services later,
so it stays faithful to the contract in `app/services/api.py`: every call yields to the loop
like real I/O, claims race (the first claim to be applied wins and the loser gets
`AlreadyClaimed`), replies append a PENDING message at once, and every change reaches every desk
as a `Changes` set, with the acting device as its initiator. Customers send any content: a
reaction marks its target instead of adding a bubble, and a quote shows the quoted message.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.domain import content as content_values
from app.domain import handling, notify, rules
from app.domain.content import (
    NO_CONTEXT,
    Content,
    Deleted,
    Media,
    MessageContext,
    Reaction,
    StoredMedia,
    Text,
    searchable_text,
)
from app.domain.errors import (
    AlreadyClaimed,
    HandoverRefused,
    HubUnreachable,
    NewMessagesArrived,
    NoteRefused,
    NotYours,
    ReplyNotRetryable,
    StateRefused,
    WindowClosed,
)
from app.domain.gateway_beat import NO_GATEWAY, GatewayHealth
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.labels import LabelId
from app.domain.model import (
    ConversationDetail,
    ConversationSummary,
    DeliveryStatus,
    Direction,
    HubIntegrity,
    HubState,
    LocalStoreState,
    Message,
    QueueView,
    QuotedMessage,
    SyncProgress,
)
from app.domain.notes import note_refusal
from app.domain.outreach import normalise_phone, number_customer_id
from app.domain.presence import (
    Activity,
    ConversationPresence,
    PresenceBoard,
    PresenceNote,
    send_is_blind,
)
from app.domain.pricing import CostLine, PricedSend, Pricing, cost_lines
from app.domain.profile import CustomerProfile, Episode
from app.domain.reports import Period, TeamReport
from app.domain.search import SearchHit, parse_query
from app.domain.templates import TemplateDef, TemplateRef
from app.log.events import NumberStatus
from app.services.api import (
    ChangeBus,
    ChangeListener,
    Changes,
    HubStateListener,
    NoticeListener,
)
from app.services.audit_api import AuditApi
from app.services.media import MediaUnavailable
from app.services.media_rules import check_file
from app.services.sending_media import FileHubUnreachable
from app.services.templates import TemplateValues, template_content, usable_templates
from tests.helpers import fake_profile, fake_search
from tests.helpers.fake_assignment import FakeAssignment
from tests.helpers.fake_lists import FakeCannedBook, FakeLabelBook, FakeLists
from tests.helpers.fake_releases import FakeReleaseBoard

_CHAT = frozenset({Direction.INBOUND, Direction.OUTBOUND})


@dataclass
class FakeConversation:
    """One conversation as the team log would have built it."""

    conversation_id: ConversationId
    customer_id: CustomerId
    customer_wa_id: str
    customer_name: str
    assignee: DeviceId | None = None
    messages: list[Message] = field(default_factory=list)
    last_subject_seq: int = 0
    read_upto: dict[DeviceId, int] = field(default_factory=dict)
    marketing_opt_out: bool = False
    state: ConversationState = ConversationState.OPEN
    snooze_until: int = 0
    pricings: dict[Wamid, tuple[Pricing, int]] = field(default_factory=dict)
    """What Meta priced the team's messages at, and when it said so (the replica's
    `message_pricing`)."""

    @property
    def chat(self) -> list[Message]:
        """The messages to and from the customer (not notes or activity lines)."""
        return [m for m in self.messages if m.direction in _CHAT]

    def summary(self, device: DeviceId) -> ConversationSummary:
        last = self._preview()
        return ConversationSummary(
            conversation_id=self.conversation_id,
            customer_id=self.customer_id,
            customer_name=self.customer_name,
            assignee=self.assignee,
            last_text=last.text,
            last_at=last.at,
            waiting_since=self._waiting_since(),
            unread=sum(
                1
                for m in self.messages
                if m.direction is Direction.INBOUND and m.position > self.read_upto.get(device, 0)
            ),
            message_count=len(self.chat),
            last_kind=last.kind,
            state=self.state,
            snooze_until=self.snooze_until,
        )

    def _waiting_since(self) -> int | None:
        waiting: int | None = None
        for message in self.chat:
            if _answers(message):
                waiting = None
            elif message.direction is Direction.INBOUND and waiting is None:
                waiting = message.at
        return waiting

    def _preview(self) -> Message:
        """The queue row's message, as the replica's fold keeps it: the newest, except that a
        system's notification (an automatic greeting) sent while the customer waits is not."""
        shown = self.chat[-1]
        waiting = False
        for message in self.chat:
            if message.direction is Direction.INBOUND or _answers(message) or not waiting:
                shown = message
            waiting = message.direction is Direction.INBOUND or (waiting and not _answers(message))
        return shown

    def last_inbound_at(self) -> int | None:
        inbound = [m.at for m in self.messages if m.direction is Direction.INBOUND]
        return inbound[-1] if inbound else None


def _answers(message: Message) -> bool:
    """An agent's reply answers the customer; a system's notification does not."""
    return message.direction is Direction.OUTBOUND and not message.sent_by_system


class FakeTeam:
    """The state every desk of one team agrees on, plus knobs for tests.

    Attributes:
        now: Unix seconds the fake uses for new messages and the 24-hour window.
        claim_gate: When set, claims wait for it before they are applied, so a test can put two
            claims in flight and release them together.
        latency: Seconds every call sleeps, to make loading visible in tests.
        files: The bytes of files agents sent, by message event id (what `open_media` returns).
        file_hub_down: When True, `reply_media` fails as if the hub did not take the file.
    """

    def __init__(self, now: int | None = None) -> None:
        self.now = int(time.time()) if now is None else now
        self.claim_gate: asyncio.Event | None = None
        self.latency = 0.0
        self.files: dict[EventId, bytes] = {}
        self.versions: dict[EventId, list[tuple[int, Content]]] = {}
        """Earlier versions of messages customers edited (`message_versions`)."""
        self.file_hub_down = False
        self.conversations: dict[ConversationId, FakeConversation] = {}
        self.agents: dict[DeviceId, str] = {}
        self.desks: list[FakeDesk] = []
        self.hub_state = HubState.ONLINE
        self.number_status: NumberStatus | None = None
        self.report = TeamReport()
        """What `team_report` answers, whatever the range (the replica's figures are tested
        in tests/unit/store/test_report_rows.py); `report_asks` records the ranges asked."""
        self.report_asks: list[tuple[int, int, Period]] = []
        self.template_catalogue: tuple[TemplateDef, ...] = ()
        self.sync_progress = SyncProgress(0, 0)
        self._sequence = itertools.count(1)
        self._ids = itertools.count(1)
        self._notes = itertools.count(1)
        self.lists = FakeLists(self.publish, lambda: set(self.conversations))
        """Labels and canned replies (`tests.helpers.fake_lists`); `lists.admins` are the
        devices that manage them."""

    def announce(self, author: DeviceId, room: ConversationId | None, activity: Activity) -> None:
        """A desk's presence note reaches every desk of the team (the author's own ignores it).

        Notes are dated `now` plus a microsecond per note, so that each is newer than the last.
        """
        sent_at = self.now + next(self._notes) / 1_000_000
        note = PresenceNote(author, room, activity, sent_at)
        for desk in self.desks:
            desk.hear(note)

    def expire_presence(self) -> None:
        """After moving `now` on: presence that ran out by then disappears on every desk."""
        for desk in self.desks:
            desk.hear(None)

    def desk(self, name: str) -> FakeDesk:
        """Add an agent with their own device and return their desk."""
        device = DeviceId(b"dev-" + next(self._ids).to_bytes(12, "big"))
        self.agents[device] = name
        desk = FakeDesk(self, device)
        self.desks.append(desk)
        return desk

    def customer_writes(
        self, name: str, text: str, *, wa_id: str = "", at: int | None = None
    ) -> ConversationId:
        """A customer's text message arrives; opens the customer's conversation on first contact."""
        return self.customer_sends(name, Text(text), wa_id=wa_id, at=at)

    def customer_sends(
        self,
        name: str,
        content: Content,
        *,
        context: MessageContext = NO_CONTEXT,
        wa_id: str = "",
        at: int | None = None,
    ) -> ConversationId:
        """A customer's message of any kind arrives. A reaction marks the message it names
        (by wamid) instead of adding a bubble, as the replica does."""
        conversation = self._conversation_of(name, wa_id)
        if isinstance(content, Reaction):
            self._react(conversation, content)
            return conversation.conversation_id
        message = self._append(conversation, Direction.INBOUND, content, None, at, context)
        conversation.state = handling.state_after_customer_message(conversation.state)
        conversation.snooze_until = 0
        self.publish(
            Changes(frozenset({conversation.conversation_id}), frozenset({message.event_id}), True)
        )
        self.notice_message(conversation, message)
        return conversation.conversation_id

    def notice_message(self, conversation: FakeConversation, message: Message) -> None:
        """Tell the desks what a new message of the thread tells them (a customer's message,
        a note, a hand-over line), like the real desk's `NoticeFeed`: the same rules, live
        events only. Call it after appending the message and applying its effect."""
        if not self.sync_progress.caught_up:
            return
        earlier = [m for m in conversation.messages if m.position < message.position]
        notices = notify.notices_of(
            message,
            assignee=conversation.assignee,
            opens=notify.opens_conversation(earlier),
            customer_name=conversation.customer_name,
        )
        for notice in notices:
            for desk in self.desks:
                if notify.addressed_to(notice, desk.me):
                    for listener in list(desk.notice_listeners):
                        listener(notice)

    def started_by_number(self, wa_id: str, agent: DeviceId) -> FakeConversation:
        """An agent writes first to a number: the conversation exists, held by the agent."""
        number = next(self._ids)
        conversation = FakeConversation(
            conversation_id=ConversationId(b"conv" + number.to_bytes(12, "big")),
            customer_id=number_customer_id(wa_id),
            customer_wa_id=wa_id,
            customer_name="",
            assignee=agent,
        )
        self.conversations[conversation.conversation_id] = conversation
        return conversation

    def _conversation_of(self, name: str, wa_id: str) -> FakeConversation:
        conversation = next(
            (c for c in self.conversations.values() if c.customer_name == name), None
        )
        if conversation is None:
            number = next(self._ids)
            conversation = FakeConversation(
                conversation_id=ConversationId(b"conv" + number.to_bytes(12, "big")),
                customer_id=CustomerId(f"CC.{number:08d}"),
                customer_wa_id=wa_id,
                customer_name=name,
            )
            self.conversations[conversation.conversation_id] = conversation
        return conversation

    def _react(self, conversation: FakeConversation, reaction: Reaction) -> None:
        for i, message in enumerate(conversation.messages):
            if message.wamid == reaction.target:
                conversation.messages[i] = replace(message, reaction=reaction.emoji)
                cid = conversation.conversation_id
                self.publish(Changes(frozenset({cid}), frozenset({message.event_id})))
                return

    def file_arrives(self, event_id: EventId, data: bytes) -> None:
        """The gateway stored a customer's file (`MediaStored`): the message gets its copy."""
        for conversation in self.conversations.values():
            for i, message in enumerate(conversation.messages):
                if message.event_id == event_id and isinstance(message.content, Media):
                    digest = hashlib.sha256(data).digest()
                    stored = StoredMedia(digest[:16].hex(), b"k" * 32, digest, len(data))
                    content = replace(message.content, stored=stored)
                    conversation.messages[i] = replace(message, content=content)
                    self.files[event_id] = data
                    cid = conversation.conversation_id
                    self.publish(Changes(frozenset({cid}), frozenset({event_id})))
                    return
        raise KeyError(event_id)

    def customer_edits(self, event_id: EventId, content: Content, at: int) -> None:
        """The customer edited a message (`CustomerEdit`): it shows the new content, edited,
        and keeps its versions."""
        self._change_message(event_id, content, at)

    def customer_deletes(self, event_id: EventId) -> None:
        """The customer deleted a message (`CustomerRevoke`): a tombstone, no versions."""
        self._change_message(event_id, None, 0)

    def _change_message(self, event_id: EventId, content: Content | None, at: int) -> None:
        for conversation in self.conversations.values():
            for i, message in enumerate(conversation.messages):
                if message.event_id != event_id:
                    continue
                if content is None:
                    self.versions.pop(event_id, None)
                    changed = replace(message, content=Deleted(), text="", edited=False)
                else:
                    versions = self.versions.setdefault(event_id, [])
                    if not versions and message.content is not None:
                        versions.append((message.at, message.content))
                    versions.append((at, content))
                    text = searchable_text(content)
                    changed = replace(message, content=content, text=text, edited=True)
                conversation.messages[i] = changed
                cid = conversation.conversation_id
                self.publish(Changes(frozenset({cid}), frozenset({event_id}), True))
                return
        raise KeyError(event_id)

    def set_opt_out(self, conversation_id: ConversationId, opted_out: bool) -> None:
        """The customer stopped (or resumed) marketing messages."""
        self.conversations[conversation_id].marketing_opt_out = opted_out
        self.publish(Changes(frozenset({conversation_id})))

    def set_templates(self, templates: tuple[TemplateDef, ...]) -> None:
        """The gateway published its template catalogue (every template, usable or not)."""
        self.template_catalogue = templates
        self.publish(Changes(templates_changed=True))

    def set_number_status(self, status: NumberStatus) -> None:
        """The gateway reported the business number's status."""
        self.number_status = status
        self.publish(Changes(number_status_changed=True))

    def activity_line(
        self,
        conversation_id: ConversationId,
        author: DeviceId,
        line: Content,
        *,
        at: int | None = None,
    ) -> Message:
        """An activity line (a colleague resolved it, say) reaches the thread, as the fold
        writes one: no wamid, no ticks."""
        conversation = self.conversations[conversation_id]
        message = self._append(conversation, Direction.ACTIVITY, line, author, at)
        message = replace(message, wamid=None, status=DeliveryStatus.DELIVERED)
        conversation.messages[-1] = message
        self.publish(Changes(frozenset({conversation_id}), frozenset({message.event_id}), True))
        return message

    def agent_sent(
        self,
        conversation_id: ConversationId,
        author: DeviceId,
        text: str | Content,
        status: DeliveryStatus = DeliveryStatus.SENT,
        *,
        error_code: int = 0,
        at: int | None = None,
    ) -> Message:
        """Put an outbound message (a text, or any content) straight into the log."""
        conversation = self.conversations[conversation_id]
        content = Text(text) if isinstance(text, str) else text
        message = self._append(conversation, Direction.OUTBOUND, content, author, at)
        message = replace(message, status=status, error_code=error_code)
        conversation.messages[-1] = message
        self.publish(Changes(frozenset({conversation_id}), frozenset({message.event_id}), True))
        return message

    def priced(self, message: Message, pricing: Pricing, at: int | None = None) -> None:
        """Meta's status priced an outbound message (the first price per message stays)."""
        conversation = self.conversations[message.conversation_id]
        wamid = message.wamid or Wamid(f"wamid.{message.event_id.hex()}")
        for i, stored in enumerate(conversation.messages):
            if stored.event_id == message.event_id:
                conversation.messages[i] = replace(stored, wamid=wamid)
        when = self.now if at is None else at
        conversation.pricings.setdefault(wamid, (pricing, when))
        self.publish(
            Changes(frozenset({conversation.conversation_id}), frozenset({message.event_id}))
        )

    def phone_sent(
        self, conversation_id: ConversationId, content: Content, *, at: int | None = None
    ) -> Message:
        """The business answered from its WhatsApp Business app (a coexistence echo)."""
        conversation = self.conversations[conversation_id]
        message = self._append(conversation, Direction.OUTBOUND, content, None, at)
        message = replace(message, status=DeliveryStatus.SENT, from_phone=True)
        conversation.messages[-1] = message
        self.publish(Changes(frozenset({conversation_id}), frozenset({message.event_id}), True))
        return message

    def system_sent(
        self,
        conversation_id: ConversationId,
        system: str,
        content: Content,
        *,
        at: int | None = None,
        status: DeliveryStatus = DeliveryStatus.DELIVERED,
    ) -> Message:
        """A back-office system's notification went out through the gateway's API."""
        conversation = self.conversations[conversation_id]
        message = self._append(conversation, Direction.OUTBOUND, content, None, at)
        message = replace(message, status=status, sent_by_system=system)
        conversation.messages[-1] = message
        self.publish(Changes(frozenset({conversation_id}), frozenset({message.event_id}), True))
        return message

    def set_status(self, event_id: EventId, status: DeliveryStatus, error_code: int = 0) -> None:
        """Meta (or the hub) reports a new status for an outbound message."""
        for conversation in self.conversations.values():
            for i, message in enumerate(conversation.messages):
                if message.event_id == event_id:
                    merged = rules.merge_status(message.status, status)
                    conversation.messages[i] = replace(
                        message, status=merged, error_code=error_code
                    )
                    self.publish(
                        Changes(frozenset({conversation.conversation_id}), frozenset({event_id}))
                    )
                    return
        raise KeyError(event_id)

    def assign(self, conversation_id: ConversationId, device: DeviceId | None) -> None:
        """A claim or transfer that happened elsewhere (another desk's event arrived)."""
        conversation = self.conversations[conversation_id]
        conversation.assignee = device
        conversation.last_subject_seq = next(self._sequence)
        self.publish(Changes(frozenset({conversation_id}), queue_changed=True))

    def set_hub_state(self, state: HubState) -> None:
        self.hub_state = state
        for desk in self.desks:
            for listener in list(desk.hub_listeners):
                listener(state)

    def set_sync_progress(self, applied: int, total: int) -> None:
        """As the engine reports catching up with the log."""
        self.sync_progress = SyncProgress(applied, total)
        self.publish(Changes(sync_progressed=True))

    def message(self, event_id: EventId) -> Message | None:
        """The message with this event id, in any conversation."""
        for conversation in self.conversations.values():
            for message in conversation.messages:
                if message.event_id == event_id:
                    return message
        return None

    def publish(self, changes: Changes) -> None:
        for desk in self.desks:
            desk.bus.publish(changes)

    def _append(
        self,
        conversation: FakeConversation,
        direction: Direction,
        content: Content,
        author: DeviceId | None,
        at: int | None,
        context: MessageContext = NO_CONTEXT,
    ) -> Message:
        position = next(self._sequence)
        message = Message(
            event_id=EventId(b"evt-" + position.to_bytes(12, "big")),
            conversation_id=conversation.conversation_id,
            direction=direction,
            text=searchable_text(content),
            at=self.now if at is None else at,
            author=author,
            # Every fake message has a wamid, so customers can quote and react to any of them.
            wamid=Wamid(f"wamid.FAKE{position:06d}"),
            status=DeliveryStatus.PENDING if author else DeliveryStatus.DELIVERED,
            error_code=0,
            position=position,
            content=content,
            context=context,
            quoted=_quoted(conversation, context),
        )
        conversation.messages.append(message)
        conversation.last_subject_seq = position
        return message

    def _append_done(
        self, conversation: FakeConversation, message: Message, *, guarded: bool, restore: int
    ) -> None:
        """Notes and activity lines carry no wamid or ticks; a note leaves the guard be."""
        done = replace(message, wamid=None, status=DeliveryStatus.DELIVERED)
        conversation.messages[-1] = done
        if not guarded:
            conversation.last_subject_seq = restore


def _quoted(conversation: FakeConversation, context: MessageContext) -> QuotedMessage | None:
    """The message a customer quotes, when the conversation has it."""
    for message in conversation.messages:
        if context.quoted is not None and message.wamid == context.quoted:
            return QuotedMessage(message.direction, message.text, message.kind, message.author)
    return None


_VIEW_STATES = {
    QueueView.UNASSIGNED: ConversationState.OPEN,
    QueueView.MINE: ConversationState.OPEN,
    QueueView.ALL_OPEN: ConversationState.OPEN,
    QueueView.PENDING: ConversationState.PENDING,
    QueueView.SNOOZED: ConversationState.SNOOZED,
    QueueView.RESOLVED: ConversationState.RESOLVED,
}
_HANDOVER_LINES = {
    HandoverAction.ASSIGN: content_values.ActivityKind.ASSIGNED,
    HandoverAction.TRANSFER: content_values.ActivityKind.TRANSFERRED,
    HandoverAction.RELEASE: content_values.ActivityKind.RELEASED,
    HandoverAction.TAKE_OVER: content_values.ActivityKind.TOOK_OVER,
    HandoverAction.AUTO_ASSIGN: content_values.ActivityKind.AUTO_ASSIGNED,
}
_STATE_LINES = {
    ConversationState.OPEN: content_values.ActivityKind.OPENED,
    ConversationState.PENDING: content_values.ActivityKind.PENDING,
    ConversationState.SNOOZED: content_values.ActivityKind.SNOOZED,
    ConversationState.RESOLVED: content_values.ActivityKind.RESOLVED,
}


class FakeDesk:
    """One agent's `DeskApi` over a `FakeTeam`.

    Attributes:
        calls: The name of every awaited call, in order, for asserting on paging.
    """

    def __init__(self, team: FakeTeam, device: DeviceId) -> None:
        self.team = team
        self.bus = ChangeBus()
        self.hub_listeners: list[HubStateListener] = []
        self.notice_listeners: list[NoticeListener] = []
        self.calls: list[str] = []
        self.integrity = HubIntegrity()
        """What `hub_integrity()` answers; set it, then publish `hub_integrity_changed`."""
        self.store_state = LocalStoreState.OK
        """What `local_store()` answers; set it, then publish `local_store_changed`."""
        self.gateway = NO_GATEWAY
        """What `gateway_health()` answers; set it, then publish `gateway_changed`."""
        self.thumbnails: dict[EventId, bytes] = {}
        """What `keep_thumbnail` kept (this desk's cache)."""
        self.audit_trail: AuditApi | None = None
        """What `audit` answers: none (the menu hides it), or a real trail a test built."""
        self._device = device
        self.board = PresenceBoard(device)
        """What this desk heard of colleagues' presence, on the team's clock."""
        self.viewing: ConversationId | None = None
        self.labels = FakeLabelBook(team.lists, device)
        self.canned = FakeCannedBook(team.lists, device)
        self.releases = FakeReleaseBoard(team.lists, device)
        self.assignment = FakeAssignment(team.lists, device)

    @property
    def me(self) -> DeviceId:
        return self._device

    @property
    def my_name(self) -> str:
        return self.team.agents[self._device]

    @property
    def hub_state(self) -> HubState:
        return self.team.hub_state

    def agent_name(self, device: DeviceId) -> str:
        return self.team.agents.get(device, "?")

    @property
    def audit(self) -> AuditApi | None:
        """The audit trail runs over a real replica (`tests/unit/services/audit_world.py`)."""
        return self.audit_trail

    async def queue_count(self, view: QueueView, label: LabelId | None = None) -> int:
        await self._io(f"queue_count({view.value})")
        return len(self._queue(view, label))

    async def queue_page(
        self, view: QueueView, offset: int, limit: int, label: LabelId | None = None
    ) -> list[ConversationSummary]:
        await self._io(f"queue_page({view.value},{offset},{limit})")
        return self._queue(view, label)[offset : offset + limit]

    async def conversation(self, conversation_id: ConversationId) -> ConversationDetail | None:
        await self._io("conversation")
        c = self.team.conversations.get(conversation_id)
        if c is None:
            return None
        return ConversationDetail(
            conversation_id=c.conversation_id,
            customer_id=c.customer_id,
            customer_wa_id=c.customer_wa_id,
            customer_name=c.customer_name,
            assignee=c.assignee,
            last_subject_seq=c.last_subject_seq,
            last_inbound_at=c.last_inbound_at(),
            marketing_opt_out=c.marketing_opt_out,
            state=c.state,
            snooze_until=c.snooze_until,
        )

    async def number_status(self) -> NumberStatus | None:
        await self._io("number_status")
        return self.team.number_status

    async def customer_profile(self, conversation_id: ConversationId) -> CustomerProfile | None:
        """Like the replica's query (`tests.helpers.fake_profile`)."""
        await self._io("customer_profile")
        conversation = self.team.conversations.get(conversation_id)
        return None if conversation is None else fake_profile.profile_of(conversation)

    async def cost_report(self, since: int) -> list[CostLine]:
        """Like the replica's query: every priced message, its sender from the thread."""
        await self._io("cost_report")
        sends = []
        for conversation in self.team.conversations.values():
            authors = {m.wamid: m.author for m in conversation.messages if m.wamid}
            for wamid, (pricing, at) in conversation.pricings.items():
                if at >= since:
                    sends.append(PricedSend(at, pricing, authors.get(wamid)))
        return cost_lines(sends, lambda d: "" if d is None else self.agent_name(d))

    async def team_report(self, start: int, end: int, period: Period) -> TeamReport:
        await self._io("team_report")
        self.team.report_asks.append((start, end, period))
        names = {a.agent: self.agent_name(a.agent) for a in self.team.report.agents}
        return replace(self.team.report, names=names)

    async def earlier_conversations(
        self, conversation_id: ConversationId, before_position: int, limit: int
    ) -> list[Episode]:
        await self._io(f"earlier_conversations({before_position},{limit})")
        conversation = self.team.conversations[conversation_id]
        return fake_profile.earlier_page(conversation, before_position, limit)[0]

    async def messages_page(
        self, conversation_id: ConversationId, before_position: int | None, limit: int
    ) -> list[Message]:
        await self._io(f"messages_page({before_position},{limit})")
        messages = self.team.conversations[conversation_id].messages
        if before_position is not None:
            messages = [m for m in messages if m.position < before_position]
        return messages[-limit:] if limit else []

    async def search(
        self,
        query: str,
        conversation_id: ConversationId | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """Like the replica's full-text search (`tests.helpers.fake_search`)."""
        await self._io(f"search({before},{limit})")
        parsed = parse_query(query)
        if parsed.empty or limit <= 0:
            return []
        scope = [
            (c.customer_name, c.messages)
            for c in self.team.conversations.values()
            if conversation_id in (None, c.conversation_id)
        ]
        hits = [h for h in fake_search.find(parsed, scope) if before is None or h.order < before]
        return hits[:limit]

    async def claim(self, conversation_id: ConversationId) -> None:
        await self._io("claim")
        if self.team.claim_gate is not None:
            await self.team.claim_gate.wait()
        conversation = self.team.conversations[conversation_id]
        if conversation.assignee == self._device:
            return
        if conversation.assignee is not None:
            raise AlreadyClaimed()
        self.team.assign(conversation_id, self._device)

    async def reply(
        self, conversation_id: ConversationId, text: str, seen_position: int | None = None
    ) -> Message:
        await self._io("reply")
        conversation = self._reply_target(conversation_id)
        foreign = [m.position for m in conversation.messages if m.author != self._device]
        if send_is_blind(seen_position, max(foreign, default=None)):
            raise NewMessagesArrived(max(foreign))
        if self.viewing == conversation_id:
            self.team.announce(self._device, conversation_id, Activity.VIEWING)
        message = self.team._append(
            conversation, Direction.OUTBOUND, Text(text), self._device, None
        )
        self._published(conversation_id, message)
        return message

    async def hand_over(
        self,
        conversation_id: ConversationId,
        action: HandoverAction,
        target: DeviceId | None = None,
        note: str = "",
    ) -> None:
        await self._io("hand_over")
        conversation = self.team.conversations[conversation_id]
        refusal = handling.handover_refusal(action, conversation.assignee, self._device, target)
        if refusal is not None:
            raise HandoverRefused(refusal)
        before = conversation.assignee
        conversation.assignee = handling.assignee_after(action, before, self._device, target)
        named = before if action is HandoverAction.TAKE_OVER else target
        line = content_values.Activity(_HANDOVER_LINES[action], target=named, note=note.strip())
        self._line(conversation, Direction.ACTIVITY, line)

    async def set_state(
        self, conversation_id: ConversationId, state: ConversationState, snooze_until: int = 0
    ) -> None:
        await self._io("set_state")
        conversation = self.team.conversations[conversation_id]
        refusal = handling.state_refusal(conversation.state, state, snooze_until, self.team.now)
        if refusal is not None:
            raise StateRefused(refusal)
        conversation.state = state
        conversation.snooze_until = snooze_until if state is ConversationState.SNOOZED else 0
        line = content_values.Activity(_STATE_LINES[state], until=conversation.snooze_until)
        self._line(conversation, Direction.ACTIVITY, line)

    async def add_note(
        self, conversation_id: ConversationId, text: str, mentions: tuple[DeviceId, ...] = ()
    ) -> None:
        await self._io("add_note")
        unique = tuple(dict.fromkeys(mentions))
        refusal = note_refusal(text.strip(), unique)
        if refusal is not None:
            raise NoteRefused(refusal)
        conversation = self.team.conversations[conversation_id]
        note = content_values.Note(text.strip(), unique)
        self._line(conversation, Direction.NOTE, note, guarded=False)

    def colleagues(self) -> list[tuple[DeviceId, str]]:
        agents = [(d, n) for d, n in self.team.agents.items() if d != self._device]
        return sorted(agents, key=lambda pair: pair[1].casefold())

    def _line(
        self,
        conversation: FakeConversation,
        direction: Direction,
        content: Content,
        *,
        guarded: bool = True,
    ) -> None:
        """A note or activity line by this desk, as the fold writes it."""
        guard = conversation.last_subject_seq
        message = self.team._append(conversation, direction, content, self._device, None)
        self.team._append_done(conversation, message, guarded=guarded, restore=guard)
        self._published(conversation.conversation_id, message)
        self.team.notice_message(conversation, message)  # mentions, hand-overs

    def _reply_target(self, conversation_id: ConversationId) -> FakeConversation:
        conversation = self.team.conversations[conversation_id]
        if not handling.may_reply(conversation.assignee, self._device):
            holder = self.agent_name(conversation.assignee) if conversation.assignee else ""
            raise NotYours(holder)
        if not rules.window_open(conversation.last_inbound_at(), self.team.now):
            raise WindowClosed()
        return conversation

    def _published(self, conversation_id: ConversationId, message: Message) -> Message:
        self.team.publish(
            Changes(
                frozenset({conversation_id}),
                frozenset({message.event_id}),
                queue_changed=True,
                initiator=self._device,
            )
        )
        return message

    async def reply_media(
        self,
        conversation_id: ConversationId,
        filename: str,
        mime_type: str,
        data: bytes,
        caption: str = "",
    ) -> Message:
        """Like the real desk: the same checks, then a pending message with the file's tile."""
        await self._io("reply_media")
        media = check_file(filename, mime_type, data, caption)
        conversation = self._reply_target(conversation_id)
        if self.team.file_hub_down:
            raise FileHubUnreachable("the fake hub is down")
        digest = hashlib.sha256(data).digest()
        stored = StoredMedia(digest[:16].hex(), b"k" * 32, digest, len(data))
        media = replace(media, stored=stored)
        message = self.team._append(conversation, Direction.OUTBOUND, media, self._device, None)
        self.team.files[message.event_id] = data
        self._published(conversation_id, message)
        return message

    async def open_media(self, event_id: EventId) -> tuple[Media, bytes]:
        await self._io("open_media")
        for conversation in self.team.conversations.values():
            for message in conversation.messages:
                if message.event_id == event_id and event_id in self.team.files:
                    assert isinstance(message.content, Media)
                    return message.content, self.team.files[event_id]
        if self.team.hub_state is HubState.OFFLINE:
            raise HubUnreachable("the fake hub is offline")
        raise MediaUnavailable("the fake desk holds no files")

    async def message_versions(self, event_id: EventId) -> list[tuple[int, Content]]:
        await self._io("message_versions")
        return list(self.team.versions.get(event_id, ()))

    async def cached_thumbnail(self, event_id: EventId) -> bytes | None:
        await self._io("cached_thumbnail")
        return self.thumbnails.get(event_id)

    async def keep_thumbnail(self, event_id: EventId, thumbnail: bytes) -> None:
        """Kept per desk, like the real desk's cache; only for a message with a stored file."""
        await self._io("keep_thumbnail")
        message = self.team.message(event_id)
        if message is not None and isinstance(message.content, Media) and message.content.stored:
            self.thumbnails[event_id] = thumbnail

    async def templates(self) -> tuple[TemplateDef, ...]:
        await self._io("templates")
        return usable_templates(self.team.template_catalogue)

    async def reply_template(
        self, conversation_id: ConversationId, template: TemplateRef, values: TemplateValues
    ) -> Message:
        await self._io("reply_template")
        content = template_content(self.team.template_catalogue, template, values)
        conversation = self._template_target(conversation_id)
        message = self.team._append(conversation, Direction.OUTBOUND, content, self._device, None)
        return self._published(conversation_id, message)

    async def start_conversation(
        self, phone_number: str, template: TemplateRef, values: TemplateValues
    ) -> ConversationId:
        await self._io("start_conversation")
        wa_id = normalise_phone(phone_number)
        content = template_content(self.team.template_catalogue, template, values)
        found = [c for c in self.team.conversations.values() if c.customer_wa_id == wa_id]
        if found:
            conversation = max(found, key=lambda c: c.last_subject_seq)
        else:
            conversation = self.team.started_by_number(wa_id, self._device)
        self._template_target(conversation.conversation_id)
        message = self.team._append(conversation, Direction.OUTBOUND, content, self._device, None)
        self._published(conversation.conversation_id, message)
        return conversation.conversation_id

    def _template_target(self, conversation_id: ConversationId) -> FakeConversation:
        """Templates go out whether the window is open or not, but only from the assignee."""
        conversation = self.team.conversations[conversation_id]
        if not handling.may_reply(conversation.assignee, self._device):
            holder = self.agent_name(conversation.assignee) if conversation.assignee else ""
            raise NotYours(holder)
        return conversation

    async def mark_read(self, conversation_id: ConversationId) -> None:
        await self._io("mark_read")
        conversation = self.team.conversations[conversation_id]
        conversation.read_upto[self._device] = conversation.last_subject_seq
        self.team.publish(
            Changes(frozenset({conversation_id}), queue_changed=True, initiator=self._device)
        )

    async def retry_reply(self, event_id: EventId) -> None:
        """Like the real desk: an unsent reply (`team.set_status` makes one) is PENDING again."""
        await self._io("retry_reply")
        conversation, i = self._unsent_reply(event_id)
        self._reply_target(conversation.conversation_id)
        message = replace(conversation.messages[i], status=DeliveryStatus.PENDING, error_code=0)
        conversation.messages[i] = message
        self._published(conversation.conversation_id, message)

    async def discard_reply(self, event_id: EventId) -> None:
        await self._io("discard_reply")
        conversation, i = self._unsent_reply(event_id)
        self._published(conversation.conversation_id, conversation.messages.pop(i))

    def _unsent_reply(self, event_id: EventId) -> tuple[FakeConversation, int]:
        for conversation in self.team.conversations.values():
            for i, message in enumerate(conversation.messages):
                if message.event_id != event_id:
                    continue
                if message.author == self._device and rules.unsent(message):
                    return conversation, i
        raise ReplyNotRetryable("not an unsent reply of this desk")

    def presence(self, conversation_id: ConversationId) -> ConversationPresence:
        return self.board.of(conversation_id, self.team.now)

    def set_viewing(self, conversation_id: ConversationId | None) -> None:
        if conversation_id != self.viewing:
            self.viewing = conversation_id
            activity = Activity.STOPPED if conversation_id is None else Activity.VIEWING
            self.team.announce(self._device, conversation_id, activity)

    def typing(self, conversation_id: ConversationId) -> None:
        self.viewing = conversation_id
        self.team.announce(self._device, conversation_id, Activity.TYPING)

    def hear(self, note: PresenceNote | None) -> None:
        """Take a colleague's note (None: only let what ran out expire)."""
        now = self.team.now
        changed = self.board.expire(now)
        if note is not None:
            changed |= self.board.receive(note, now)
        if changed:
            self.bus.publish(Changes(presence=changed))

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        return self.bus.subscribe(listener)

    def subscribe_hub_state(self, listener: HubStateListener) -> Callable[[], None]:
        self.hub_listeners.append(listener)
        return lambda: self.hub_listeners.remove(listener)

    def subscribe_notices(self, listener: NoticeListener) -> Callable[[], None]:
        self.notice_listeners.append(listener)
        return lambda: self.notice_listeners.remove(listener)

    async def unread_count(self) -> int:
        await self._io("unread_count")
        return sum(
            1
            for c in self.team.conversations.values()
            if c.state is ConversationState.OPEN
            and c.assignee in (None, self._device)
            and c.summary(self._device).unread
        )

    def sync_progress(self) -> SyncProgress:
        return self.team.sync_progress

    def hub_integrity(self) -> HubIntegrity:
        return self.integrity

    def local_store(self) -> LocalStoreState:
        return self.store_state

    def gateway_health(self) -> GatewayHealth:
        return self.gateway

    def _queue(self, view: QueueView, label: LabelId | None = None) -> list[ConversationSummary]:
        rows = [
            self.team.lists.with_labels(c.summary(self._device))
            for c in self.team.conversations.values()
        ]
        if label is not None:
            rows = [r for r in rows if label in r.labels]
        state = _VIEW_STATES[view]
        rows = [r for r in rows if r.state == state]
        if view is QueueView.UNASSIGNED:
            rows = [r for r in rows if r.assignee is None]
        elif view is QueueView.MINE:
            rows = [r for r in rows if r.assignee == self._device]
        return sorted(rows, key=rules.queue_order_key)

    async def _io(self, call: str) -> None:
        self.calls.append(call)
        await asyncio.sleep(self.team.latency)
