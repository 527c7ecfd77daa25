"""`DeskSession`: one agent desk's use-cases over its replica and the team log."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace

from app.domain.content import Content, Media, Text
from app.domain.errors import (
    AlreadyClaimed,
    ConversationUnknown,
    HubUnreachable,
    NotYours,
    ReplyInvalid,
    ReplyNotRetryable,
    WindowClosed,
)
from app.domain.gateway_beat import NO_GATEWAY, GatewayHealth
from app.domain.handling import ConversationState, HandoverAction, may_reply
from app.domain.ids import (
    EVENT_ID_RANDOM_LEN,
    ConversationId,
    DeviceId,
    EventId,
    short,
    time_ordered_event_id,
)
from app.domain.labels import LabelId
from app.domain.model import (
    ConversationDetail,
    ConversationSummary,
    HubIntegrity,
    HubState,
    LocalStoreState,
    Message,
    QueueView,
    Role,
    SyncProgress,
)
from app.domain.outreach import normalise_phone
from app.domain.presence import NOBODY, ConversationPresence
from app.domain.pricing import CostLine, cost_lines
from app.domain.profile import CustomerProfile, Episode
from app.domain.releases import UNKNOWN_VERSION
from app.domain.reports import Period, TeamReport
from app.domain.rules import may_claim, unsent, window_open
from app.domain.search import SearchHit, parse_query
from app.domain.templates import TemplateDef, TemplateRef
from app.log.events import Claim, NumberStatus
from app.services.api import (
    ChangeBus,
    ChangeListener,
    Changes,
    HubStateListener,
    NoticeListener,
)
from app.services.assignment import AutoAssignment
from app.services.audit_api import AuditApi
from app.services.canned import CannedBook
from app.services.collision import refuse_blind_send
from app.services.gateway_watch import GatewayWatch
from app.services.handling import ConversationActions
from app.services.labels import LabelBook, MyRole
from app.services.media import MediaAccess, MediaUnavailable
from app.services.media_rules import check_file
from app.services.notices import NoticeFeed
from app.services.outreach import ConversationStarter
from app.services.presence import PresenceService
from app.services.releases import ReleaseBoard
from app.services.sending_media import MediaSender
from app.services.templates import TemplateValues, template_content, usable_templates
from app.store.records import ChangeSet
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.outbox import MAX_JUNK_SKIPS, OutboxRunner
from app.sync.publisher import Publisher
from app.sync.transport import StaleWrite

log = logging.getLogger(__name__)

MAX_REPLY_CHARS = 4096


class DeskSession:
    """Implements `DeskApi` for one device. Built and started by the composition root."""

    def __init__(
        self,
        *,
        me: DeviceId,
        names: Callable[[DeviceId], str],
        replica: Replica,
        engine: SyncEngine,
        publisher: Publisher,
        outbox: OutboxRunner,
        bus: ChangeBus,
        clock: Callable[[], float],
        media: MediaAccess | None = None,
        sender: MediaSender | None = None,
        presence: PresenceService | None = None,
        agents: Callable[[], list[tuple[DeviceId, str]]] | None = None,
        gateway: GatewayWatch | None = None,
        audit: AuditApi | None = None,
        role: MyRole | None = None,
        my_devices: Callable[[], list[DeviceId]] | None = None,
        running_version: str = UNKNOWN_VERSION,
    ) -> None:
        self._me = me
        self._audit = audit
        self._gateway = gateway
        self._agents = agents or (lambda: [])
        self._presence = presence
        self._media = media
        self._sender = sender or MediaSender(None, None)
        self._names = names
        self._replica = replica
        self._engine = engine
        self._publisher = publisher
        self._outbox = outbox
        self._bus = bus
        self._clock = clock
        self._hub_state = HubState.CONNECTING
        self._local_store = LocalStoreState.OK
        self._store_failing: set[str] = set()
        """Which parts (sync, outbox) find the replica refusing writes right now."""
        self._hub_listeners: list[HubStateListener] = []
        self._syncing = False
        self.actions = ConversationActions(
            me=me,
            names=names,
            replica=replica,
            engine=engine,
            publisher=publisher,
            guarded=self._guarded,
            clock=clock,
            settled=None if outbox is None else outbox.settled,
        )
        """Hand-over, states and notes; `open_desk` runs its snooze waker."""
        self.notices = NoticeFeed(me, replica)
        """Notices for this desk; `open_desk` starts it with the engine and closes it."""
        role = role or _no_role
        self.labels = LabelBook(replica, publisher, role, self._applied)
        """The team's labels (`DeskApi.labels`)."""
        self.canned = CannedBook(
            me, replica, publisher, role, self._applied, my_devices or (lambda: [me])
        )
        """Canned replies (`DeskApi.canned`)."""
        self.releases = ReleaseBoard(
            replica, publisher, role, self._applied, running_version, clock
        )
        """Newer versions admins announce (`DeskApi.releases`)."""
        self.assignment = AutoAssignment(
            me=me,
            replica=replica,
            publisher=publisher,
            role=role,
            reached=self._applied,
            clock=clock,
            agents=self._agents,
            online=presence.online if presence is not None else frozenset,
            ready_at=presence.ready_at if presence is not None else _never,
            caught_up=self._caught_up_fully,
            assign=self.actions.auto_assign,
        )
        """Auto-assignment and this agent's availability; `open_desk` runs its assigner."""
        if presence is not None:
            presence.on_arrival(self.assignment.moved)

    async def _caught_up_fully(self) -> None:
        """However long it takes: the assigner decides only on a current replica."""
        await self._engine.caught_up(within=None)

    # -- identity ---------------------------------------------------------------------------

    @property
    def me(self) -> DeviceId:
        return self._me

    @property
    def my_name(self) -> str:
        return self._names(self._me)

    def agent_name(self, device: DeviceId) -> str:
        return self._names(device)

    @property
    def audit(self) -> AuditApi | None:
        return self._audit

    # -- reading ----------------------------------------------------------------------------

    async def queue_count(self, view: QueueView, label: LabelId | None = None) -> int:
        return int(await self._replica.conversation_count(view, me=self._me, label=label))

    async def queue_page(
        self, view: QueueView, offset: int, limit: int, label: LabelId | None = None
    ) -> list[ConversationSummary]:
        return list(
            await self._replica.conversation_page(view, offset, limit, me=self._me, label=label)
        )

    async def conversation(self, conversation_id: ConversationId) -> ConversationDetail | None:
        return await self._replica.conversation(conversation_id)

    async def customer_profile(self, conversation_id: ConversationId) -> CustomerProfile | None:
        return await self._replica.customer_profile(conversation_id)

    async def earlier_conversations(
        self, conversation_id: ConversationId, before_position: int, limit: int
    ) -> list[Episode]:
        return await self._replica.earlier_conversations(conversation_id, before_position, limit)

    async def messages_page(
        self, conversation_id: ConversationId, before_position: int | None, limit: int
    ) -> list[Message]:
        return list(await self._replica.messages_page(conversation_id, before_position, limit))

    async def search(
        self,
        query: str,
        conversation_id: ConversationId | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        return await self._replica.search(parse_query(query), conversation_id, before, limit)

    async def number_status(self) -> NumberStatus | None:
        return await self._replica.number_status()

    async def cost_report(self, since: int) -> list[CostLine]:
        sends = await self._replica.priced_since(since)
        return cost_lines(sends, self._sender_name)

    async def team_report(self, start: int, end: int, period: Period) -> TeamReport:
        report = await self._replica.team_report(start, end, period)
        return replace(report, names={a.agent: self._names(a.agent) for a in report.agents})

    def _sender_name(self, device: DeviceId | None) -> str:
        return "" if device is None else self._names(device)

    async def open_media(self, event_id: EventId) -> tuple[Media, bytes]:
        """A message's file, decrypted in memory (never written in clear).

        Raises:
            MediaUnavailable, HubUnreachable, DataFault: see `MediaAccess.open`.
        """
        if self._media is None:
            raise MediaUnavailable("this desk has no media store")
        return await self._media.open(event_id)

    async def cached_thumbnail(self, event_id: EventId) -> bytes | None:
        """See `MediaAccess.cached_thumbnail`."""
        return None if self._media is None else await self._media.cached_thumbnail(event_id)

    async def keep_thumbnail(self, event_id: EventId, thumbnail: bytes) -> None:
        """See `MediaAccess.keep_thumbnail`."""
        if self._media is not None:
            await self._media.keep_thumbnail(event_id, thumbnail)

    # -- acting -----------------------------------------------------------------------------

    async def claim(self, conversation_id: ConversationId) -> None:
        """Claim a conversation; exactly one of two simultaneous claims wins (the hub decides)."""
        detail = await self._guarded(conversation_id)
        if detail.assignee == self._me:
            return
        if not may_claim(detail.assignee, self._me):
            raise AlreadyClaimed(self._names(detail.assignee) if detail.assignee else "")
        event_id = EventId(os.urandom(16))
        known = guard = detail.last_subject_seq
        for _ in range(MAX_JUNK_SKIPS):
            try:
                seq = await self._publisher.member_event(
                    Claim(conversation_id), conversation_id, event_id, guard
                )
                break
            except StaleWrite as stale:
                await self._caught_up()
                # Records the hub stored that this desk refused did not change the
                # conversation: the claim goes after them.
                skip = await self._engine.past_refused(conversation_id, known, stale)
                if skip is not None:
                    guard = skip
                    continue
                fresh = await self._require(conversation_id)
                if fresh.assignee == self._me:
                    return
                winner = self._names(fresh.assignee) if fresh.assignee else ""
                raise AlreadyClaimed(winner) from None
        else:
            raise AlreadyClaimed("")
        try:
            await self._engine.reached(seq)
        except TimeoutError:
            raise HubUnreachable("the claim is stored but has not come back yet") from None
        log.info("claimed conversation %s", short(conversation_id))

    async def reply(
        self, conversation_id: ConversationId, text: str, seen_position: int | None = None
    ) -> Message:
        """Queue a reply durably; the outbox publishes it and the gateway sends it.

        Raises:
            NewMessagesArrived: A newer customer's or colleague's message than `seen_position`.
        """
        text = text.strip()
        if not text or len(text) > MAX_REPLY_CHARS:
            raise ReplyInvalid("reply must be 1 to 4096 characters")
        detail = await self._reply_target(conversation_id)
        await refuse_blind_send(self.messages_page, conversation_id, self._me, seen_position)
        message = await self._queue(detail, Text(text))
        if self._presence is not None:
            self._presence.done_typing()
        return message

    async def reply_media(
        self,
        conversation_id: ConversationId,
        filename: str,
        mime_type: str,
        data: bytes,
        caption: str = "",
    ) -> Message:
        """Send a file: checked, sealed, stored in the hub, then queued like a text reply.

        Raises:
            FileRefused: WhatsApp would not take the file or its caption (a subclass says why).
            WindowClosed: The 24-hour window is closed.
            FileHubUnreachable, FileNotStored: The hub did not take it; nothing was queued.
        """
        media = check_file(filename, mime_type, data, caption)
        detail = await self._reply_target(conversation_id)
        stored = await self._sender.store(media, data)
        try:
            return await self._queue(detail, stored)
        except Exception:
            await self._sender.discard(stored)  # nothing refers to the copy: free the space
            raise

    async def hand_over(
        self,
        conversation_id: ConversationId,
        action: HandoverAction,
        target: DeviceId | None = None,
        note: str = "",
    ) -> None:
        await self.actions.hand_over(conversation_id, action, target, note)

    async def set_state(
        self, conversation_id: ConversationId, state: ConversationState, snooze_until: int = 0
    ) -> None:
        await self.actions.set_state(conversation_id, state, snooze_until)

    async def add_note(
        self, conversation_id: ConversationId, text: str, mentions: tuple[DeviceId, ...] = ()
    ) -> None:
        await self.actions.add_note(conversation_id, text, mentions)

    def colleagues(self) -> list[tuple[DeviceId, str]]:
        return [(device, name) for device, name in self._agents() if device != self._me]

    # -- templates --------------------------------------------------------------------------

    async def templates(self) -> tuple[TemplateDef, ...]:
        return usable_templates(await self._replica.templates())

    async def reply_template(
        self, conversation_id: ConversationId, template: TemplateRef, values: TemplateValues
    ) -> Message:
        """Send a message template; unlike free text, whether or not the window is open.

        Raises:
            TemplateUnavailable, TemplateIncomplete: see `templates.template_content`.
            NotYours: The conversation is a colleague's (or nobody's).
        """
        content = template_content(await self._replica.templates(), template, values)
        return await self._queue(await self._template_target(conversation_id), content)

    async def start_conversation(
        self, phone_number: str, template: TemplateRef, values: TemplateValues
    ) -> ConversationId:
        """Write first to a customer known by number: a template, in their conversation
        (created, and held by this agent, if the replica has none for the number).

        Raises:
            PhoneNumberInvalid: Not an international phone number.
            TemplateUnavailable, TemplateIncomplete, NotYours, HubUnreachable.
        """
        wa_id = normalise_phone(phone_number)
        content = template_content(await self._replica.templates(), template, values)
        starter = ConversationStarter(self._replica, self._engine, self._publisher)
        conversation_id = await starter.conversation_for(wa_id)
        await self._queue(await self._template_target(conversation_id), content)
        return conversation_id

    async def _template_target(self, conversation_id: ConversationId) -> ConversationDetail:
        detail = await self._guarded(conversation_id)
        if not may_reply(detail.assignee, self._me):
            holder = "" if detail.assignee is None else self._names(detail.assignee)
            raise NotYours(holder)
        return detail

    async def mark_read(self, conversation_id: ConversationId) -> None:
        await self._replica.mark_read(conversation_id)
        self._publish_local(conversation_id, None)

    async def retry_reply(self, event_id: EventId) -> None:
        """See `DeskApi.retry_reply`: the job starts over with a fresh guard."""
        message = await self._unsent_reply(event_id)
        detail = await self._reply_target(message.conversation_id)
        now = int(self._clock())
        if not await self._replica.requeue_outbox(event_id, detail.last_subject_seq, now):
            raise ReplyNotRetryable("no failed or conflicting job for this reply")
        self._outbox.wake()
        self._publish_local(message.conversation_id, event_id)

    async def discard_reply(self, event_id: EventId) -> None:
        """See `DeskApi.discard_reply`."""
        message = await self._unsent_reply(event_id)
        if not await self._replica.discard_outbox(event_id):
            raise ReplyNotRetryable("the reply is in the log or still on its way")
        self._publish_local(message.conversation_id, event_id)

    async def message_versions(self, event_id: EventId) -> list[tuple[int, Content]]:
        """See `DeskApi.message_versions`."""
        message = await self._replica.message_by_event_id(event_id)
        if message is None or message.wamid is None:
            return []
        return await self._replica.message_versions(message.wamid)

    async def _unsent_reply(self, event_id: EventId) -> Message:
        message = await self._replica.message_by_event_id(event_id)
        if message is None or message.author != self._me or not unsent(message):
            raise ReplyNotRetryable("not an unsent reply of this desk")
        return message

    # -- presence ---------------------------------------------------------------------------

    def presence(self, conversation_id: ConversationId) -> ConversationPresence:
        if self._presence is None:
            return NOBODY
        return self._presence.presence(conversation_id)

    def set_viewing(self, conversation_id: ConversationId | None) -> None:
        if self._presence is not None:
            self._presence.set_viewing(conversation_id)

    def typing(self, conversation_id: ConversationId) -> None:
        if self._presence is not None:
            self._presence.typing(conversation_id)

    # -- changes ----------------------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        return self._bus.subscribe(listener)

    def subscribe_hub_state(self, listener: HubStateListener) -> Callable[[], None]:
        self._hub_listeners.append(listener)
        return lambda: self._hub_listeners.remove(listener)

    def subscribe_notices(self, listener: NoticeListener) -> Callable[[], None]:
        return self.notices.subscribe(listener)

    async def unread_count(self) -> int:
        return await self._replica.unread_conversations(self._me)

    @property
    def hub_state(self) -> HubState:
        return self._hub_state

    def set_hub_state(self, state: HubState) -> None:
        """Called by the transport's connection callback."""
        self._hub_state = state
        if self._presence is not None:
            self._presence.hub_state(state)
        self.assignment.hub_state(state)  # after presence: it asks presence when to go on
        if self._gateway is not None:
            self._gateway.hub_state(state)
        for listener in list(self._hub_listeners):
            listener(state)

    def sync_progress(self) -> SyncProgress:
        return self._engine.progress

    def hub_integrity(self) -> HubIntegrity:
        return self._engine.integrity

    def local_store(self) -> LocalStoreState:
        return self._local_store

    def gateway_health(self) -> GatewayHealth:
        return NO_GATEWAY if self._gateway is None else self._gateway.health()

    def on_local_store(self, state: LocalStoreState, source: str = "check") -> None:
        """What the outbox, the sync and the integrity check learn of the replica. It is
        FAILING while any of them finds writes refused (the outbox may write again before the
        sync has); DAMAGED stays until the desk is opened again: a write that works does not
        mend the file."""
        if state is LocalStoreState.FAILING:
            self._store_failing.add(source)
        elif state is LocalStoreState.OK:
            self._store_failing.discard(source)
            state = LocalStoreState.FAILING if self._store_failing else state
        if self._local_store is LocalStoreState.DAMAGED or state is self._local_store:
            return
        self._local_store = state
        self._bus.publish(Changes(local_store_changed=True))

    def on_integrity(self, integrity: HubIntegrity) -> None:
        """The engine's integrity sink: views showing the hub's conduct ask again."""
        self._bus.publish(Changes(hub_integrity_changed=True))

    def on_progress(self, progress: SyncProgress) -> None:
        """The engine's progress sink: views showing "Syncing …" ask again."""
        self.notices.progressed(progress)
        if not progress.caught_up or self._syncing:
            self._syncing = not progress.caught_up
            self._bus.publish(Changes(sync_progressed=True))

    def on_applied(self, changes: ChangeSet) -> None:
        """The engine's sink: turn a store change set into a bus change (and notices)."""
        self.notices.applied(changes)
        if changes.snoozes_changed:
            self.actions.queue_moved()
        if changes.assignment_changed:
            self.assignment.moved()
        elif changes.queue_changed:
            self.assignment.queue_moved()
        self._bus.publish(
            Changes(
                conversations=changes.conversations,
                messages=frozenset(changes.new_messages) | changes.updated_messages,
                queue_changed=changes.queue_changed,
                number_status_changed=changes.number_status_changed,
                templates_changed=changes.templates_changed,
                chain_changed=changes.chain_changed,
                admin_notices_changed=changes.admin_notices_changed,
                labels_changed=changes.labels_changed,
                canned_changed=changes.canned_changed,
                releases_changed=changes.releases_changed,
                assignment_changed=changes.assignment_changed,
            )
        )

    def _publish_local(self, conversation_id: ConversationId, message: EventId | None) -> None:
        self._bus.publish(
            Changes(
                conversations=frozenset({conversation_id}),
                messages=frozenset({message}) if message else frozenset(),
                queue_changed=True,
                initiator=self._me,
            )
        )

    async def _reply_target(self, conversation_id: ConversationId) -> ConversationDetail:
        """The conversation a reply goes to, if the 24-hour window allows one."""
        detail = await self._guarded(conversation_id)
        if not may_reply(detail.assignee, self._me):
            holder = "" if detail.assignee is None else self._names(detail.assignee)
            raise NotYours(holder)
        if not window_open(detail.last_inbound_at, int(self._clock())):
            raise WindowClosed()
        return detail

    async def _queue(self, detail: ConversationDetail, content: Content) -> Message:
        """Write the pending reply and its outbox job in one transaction, and wake the outbox."""
        conversation_id = detail.conversation_id
        message = await self._replica.enqueue_content(
            conversation_id,
            # Time-ordered like the gateway's, so the replica's event-id indexes append.
            time_ordered_event_id(int(self._clock() * 1000), os.urandom(EVENT_ID_RANDOM_LEN)),
            content,
            author=self._me,
            expected_subject_seq=detail.last_subject_seq,
            now=int(self._clock()),
        )
        self._outbox.wake()
        self._publish_local(conversation_id, message.event_id)
        return message

    async def _guarded(self, conversation_id: ConversationId) -> ConversationDetail:
        """The detail a claim or reply decides on, with the guard read in the same transaction.

        The guard is the subject's newest stored sequence (what the agent saw), also counting a
        record this desk cannot read. Reading it apart from the assignee let a claim that landed
        in between pass the guard while the decision still saw the conversation unassigned.
        """
        subject = self._engine.reader.conversation_subject(conversation_id)
        detail = await self._replica.conversation(conversation_id, subject=subject)
        if detail is None:
            raise ConversationUnknown("unknown conversation")
        return detail

    async def _applied(self, seq: int) -> None:
        """Until this replica applied `seq` (raises TimeoutError as `SyncEngine.reached`)."""
        await self._engine.reached(seq)

    async def _caught_up(self) -> None:
        try:
            await self._engine.caught_up()
        except TimeoutError:
            raise HubUnreachable("the hub did not answer in time") from None

    async def _require(self, conversation_id: ConversationId) -> ConversationDetail:
        detail = await self.conversation(conversation_id)
        if detail is None:
            raise ConversationUnknown("unknown conversation")
        return detail


def _never() -> float | None:
    """No presence service: colleagues' desks cannot be heard, so never ready to assign."""
    return None


def _no_role() -> Role | None:
    """Without the chain (tests that build a session by hand) this desk manages nothing."""
    return None
