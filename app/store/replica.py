"""The replica: the desk's single data owner over its encrypted SQLCipher file.

Every method is one short, serialised use of the connection; every write is one transaction.
Errors come out as the domain's tree: `WrongKey`, `ForeignDatabase` (at open) and
`StoreUnavailable` (disk full, I/O, busy); anything else is a bug and propagates as is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from app.crypto.sender_key import SenderKey
from app.domain.admin_notice import ListedNotice
from app.domain.assignment import OFF, AssignmentSettings, AssignmentView
from app.domain.audit import AuditEntry, AuditFilter
from app.domain.back_office import BackOfficeSystem
from app.domain.canned import CannedReply
from app.domain.content import Content, Text
from app.domain.errors import (
    ReplicaDamaged,
    ReplicaFailedCheck,
    ReplicaUnreadable,
    StoreDamaged,
    StoreUnavailable,
)
from app.domain.history import HistoryImport
from app.domain.ids import ConversationId, DeviceId, EventId, Wamid, short
from app.domain.labels import Label, LabelId
from app.domain.model import ConversationSummary, DeliveryStatus, Message
from app.domain.pricing import PricedSend
from app.domain.profile import CustomerProfile, Episode
from app.domain.releases import Release
from app.domain.reports import Period, TeamReport
from app.domain.search import SearchHit, SearchQuery
from app.domain.templates import TemplateDef
from app.log.events import GatewayStatus, NumberStatus
from app.log.fold import fold
from app.log.state import BatchState
from app.store import (
    api_token_rows,
    assignment_rows,
    audit_rows,
    backup,
    batch,
    connection_rows,
    costs,
    edit_rows,
    export_rows,
    fts,
    history_rows,
    list_rows,
    notice_rows,
    outbox,
    profile,
    queries,
    release_rows,
    report_rows,
    search,
    snapshot_rows,
    syncstate,
    template_rows,
)
from app.store.damage_mark import is_marked_damaged, mark_damaged
from app.store.db import Database, Tx
from app.store.migrate import SchemaVersion, migrate
from app.store.records import (
    AppliedRecord,
    ChangeSet,
    ConversationDetail,
    OutboxJob,
    OutboxState,
    QueueView,
    ReplicaStats,
)

log = logging.getLogger(__name__)

_SQL_BY_WA_ID = (
    "SELECT cu.conversation_id FROM customers cu JOIN conversations c USING (conversation_id) "
    "WHERE cu.wa_id = ? AND cu.wa_id <> '' ORDER BY c.last_at DESC LIMIT 1"
)
_SQL_MARK_READ = "UPDATE conversations SET unread = 0 WHERE conversation_id = ? AND unread <> 0"


class Replica:
    """This desk's copy of the team log and the projections the views read.

    Open with `await Replica.open(path, db_key)`; close with `await replica.close()` (or use
    `async with`). Methods may be called from any coroutine on the loop; they queue on one lock.
    """

    def __init__(self, db: Database, schema: SchemaVersion) -> None:
        self._db = db
        self.schema = schema
        """The schema version of the file (may be a newer minor than this build's)."""
        self._indexer = fts.SearchIndexer(self.index_search)

    @classmethod
    async def open(
        cls, path: Path, db_key: bytes, *, existing: bool = False, accept_damage: bool = False
    ) -> Replica:
        """Open (or create) the replica at `path`, keyed with the 32-byte `db_key`.

        Args:
            existing: The replica must be there already (an enrolled desk reopening): a
                missing or empty file is refused and left as it is, never made anew (an empty
                replica would lose the device's identity and look like a fresh profile).
            accept_damage: Open a replica that failed its last integrity check (the user
                chose to); otherwise that is refused until they choose.

        Raises:
            ValueError: `db_key` is not 32 bytes.
            ReplicaDamaged: `existing` and the file is missing or empty.
            ReplicaFailedCheck: `existing`, the file failed its last integrity check and
                `accept_damage` is False.
            ReplicaUnreadable: `existing` and pages of the file do not decrypt or are corrupt.
            WrongKey: the file does not open with this key (or is damaged / not ours).
            ForeignDatabase: not a Switchboard replica, or written by a newer major version.
            StoreUnavailable: the machine failed (disk full, permissions, I/O, busy).
        """
        if existing:
            _refuse_missing_or_empty(path)
            if not accept_damage and is_marked_damaged(path):
                raise ReplicaFailedCheck(f"the replica {path.name} failed its integrity check")
        try:
            db = await Database.connect(path, db_key)
            try:
                schema = await migrate(db)
            except BaseException:
                await db.close()
                raise
        except StoreDamaged as err:
            if not existing:
                raise
            # An enrolled desk's own file: the user chooses (a fresh copy from the hub), as
            # after a failed integrity check, instead of a dead end that reads like a full disk.
            raise ReplicaUnreadable(f"the replica {path.name} is damaged: {err}") from err
        log.info("replica open: schema %d.%d", schema.major, schema.minor)
        return cls(db, schema)

    async def close(self) -> None:
        await self._indexer.close()
        await self._db.close()

    async def integrity_problems(self) -> list[str]:
        """What an integrity check of the whole file finds ([] when sound); off this
        connection, so the views keep reading meanwhile (`Database.integrity_problems`).
        Findings are noted beside the file, so the next start asks the user what to do."""
        problems = await self._db.integrity_problems()
        if problems:
            try:
                await asyncio.to_thread(mark_damaged, self.path, problems[0])
            except OSError as err:  # the status bar still says DAMAGED for this run
                log.warning("could not note the damage beside the replica (%s)", err.strerror)
        return problems

    async def __aenter__(self) -> Replica:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def path(self) -> Path:
        return self._db.path

    # -- meta and identity ---------------------------------------------------------------

    async def get_meta(self, key: str) -> bytes | None:
        async with self._db.read() as tx:
            return await syncstate.get_meta(tx, key)

    async def set_meta(self, key: str, value: bytes) -> None:
        """Keep a small value by name. Keys starting with `replica.` belong to the store."""
        syncstate.check_meta_key(key)
        async with self._db.write() as tx:
            await syncstate.set_meta(tx, key, value)

    async def load_identity(self) -> bytes | None:
        """This device's wrapped private keys, as saved; None before enrollment."""
        async with self._db.read() as tx:
            return await syncstate.load_identity(tx)

    async def save_identity(self, blob: bytes) -> None:
        async with self._db.write() as tx:
            await syncstate.save_identity(tx, blob)

    # -- sync state ----------------------------------------------------------------------

    async def cursor(self) -> int:
        """The last applied stream sequence; replay resumes after it (0: from the start)."""
        async with self._db.read() as tx:
            return await syncstate.cursor(tx)

    async def author_heads(self) -> dict[DeviceId, tuple[int, bytes]]:
        """Per author: the newest applied (author_seq, envelope hash)."""
        async with self._db.read() as tx:
            return await syncstate.author_heads(tx)

    async def chain_links(self) -> list[bytes]:
        """The validated team-chain links, in chain order."""
        async with self._db.read() as tx:
            return await syncstate.chain_links(tx)

    async def seeds(self) -> dict[int, bytes]:
        async with self._db.read() as tx:
            return await syncstate.seeds(tx)

    async def save_seed(self, epoch: int, seed: bytes) -> bool:
        """Store an epoch's seed; False (keeping the stored one) if the epoch had one."""
        async with self._db.write() as tx:
            return await syncstate.save_seed(tx, epoch, seed)

    async def sender_keys(self) -> list[SenderKey]:
        """The gateways' sender keys this desk opened (security.md 2.12)."""
        async with self._db.read() as tx:
            return await syncstate.sender_keys(tx)

    async def save_sender_key(self, key: SenderKey) -> bool:
        """Store a sender key; False (keeping the stored one) if its id had one."""
        async with self._db.write() as tx:
            return await syncstate.save_sender_key(tx, key)

    async def has_event(self, event_id: EventId) -> bool:
        """Whether the log record with this event id is stored here (applied or not)."""
        async with self._db.read() as tx:
            return await syncstate.has_event(tx, event_id)

    async def event_seq(self, event_id: EventId) -> int | None:
        """The stream sequence of the stored record with this event id, if any."""
        async with self._db.read() as tx:
            return await syncstate.event_seq(tx, event_id)

    async def subject_seq(self, subject: str) -> int:
        """The newest stored stream sequence on `subject` (0 if none): the hub's view of it."""
        async with self._db.read() as tx:
            return await syncstate.subject_seq(tx, subject)

    async def others_wrote_after(self, subject: str, after: int, me: DeviceId) -> bool:
        """Whether a stored record on `subject` after stream sequence `after` that guards the
        conversation (not a note) was written by a device other than `me`."""
        async with self._db.read() as tx:
            return await syncstate.others_wrote_after(tx, subject, after, me)

    async def back_up(self, path: Path, passphrase: str) -> None:
        """Write an encrypted copy of this replica to `path` under `passphrase`, without this
        device's identity or unsent replies (`app.store.backup`)."""
        async with self._db.read() as tx:
            await backup.export_to(tx, path, passphrase)

    async def records_page(
        self, after: int, up_to: int, chain_subject: str, limit: int
    ) -> list[tuple[int, str, bytes]]:
        """One page of the stored log for a snapshot: (seq, subject, envelope or link) with
        `after < seq <= up_to`, in stream order (`app.store.snapshot_rows`)."""
        async with self._db.read() as tx:
            return await snapshot_rows.records_page(tx, after, up_to, chain_subject, limit)

    async def apply_batch(self, records: Sequence[AppliedRecord], cursor: int) -> ChangeSet:
        """Store and apply verified records in stream order, in one transaction.

        Idempotent by event id (a record already stored changes nothing) and deterministic
        (the same log gives the same state). The cursor becomes the largest of the stored
        cursor, `cursor` and the records' sequences.

        Raises:
            StoreUnavailable: e.g. disk full; then nothing of the batch was written.
        """
        started = time.perf_counter()

        async def load_fold_flush(tx: Tx) -> tuple[BatchState, bool]:
            state = await batch.load(tx, records)
            fold(state, records)
            return state, await batch.flush(tx, state, cursor)

        # One trip to the SQLite thread for the whole batch, the fold included: a live record
        # is applied at the cost of one hop, and the fold's work stays off the UI thread.
        # Only what the log gives again: a power cut may take it back, whole, with its cursor.
        state, outbox_changed = await self._db.write_at_once(load_fold_flush, durable=False)
        if state.new_messages or state.imported_messages:
            self._indexer.poke()
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "applied %d of %d records in %.1f ms",
                len(state.events),
                len(records),
                (time.perf_counter() - started) * 1000,
            )
        return state.change_set(outbox_changed)

    # -- outbox --------------------------------------------------------------------------

    async def enqueue_reply(
        self,
        conversation_id: ConversationId,
        event_id: EventId,
        text: str,
        author: DeviceId,
        now: int,
        *,
        expected_subject_seq: int | None = None,
    ) -> Message:
        """Write our PENDING reply and its send job in one transaction.

        Args:
            expected_subject_seq: the conversation's `last_subject_seq` the agent saw (the
                publish is guarded by it); None takes the replica's current value.

        Raises:
            ValueError: the conversation is unknown.
        """
        return await self.enqueue_content(
            conversation_id,
            event_id,
            Text(text),
            author,
            now,
            expected_subject_seq=expected_subject_seq,
        )

    async def enqueue_content(
        self,
        conversation_id: ConversationId,
        event_id: EventId,
        content: Content,
        author: DeviceId,
        now: int,
        *,
        expected_subject_seq: int | None = None,
    ) -> Message:
        """Like `enqueue_reply`, for a reply of any content (a file's `Media`, say).

        The pending message keeps the content and its searchable words, and the queue's preview
        takes its kind; the job stores it for the outbox runner.

        Raises:
            ValueError: the conversation is unknown.
        """
        async with self._db.write() as tx:
            message = await outbox.enqueue_reply(
                tx, conversation_id, event_id, content, author, now, expected_subject_seq
            )
        self._indexer.poke()
        return message

    async def has_pending_outbox(self, conversation_id: ConversationId) -> bool:
        """Whether a reply of this desk to the conversation still waits to be published."""
        async with self._db.read() as tx:
            return await outbox.has_pending(tx, conversation_id)

    async def unsent_outbox(self) -> list[OutboxJob]:
        """Every reply of this desk not yet published, oldest first (a damaged replica's, to
        send from its fresh copy)."""
        async with self._db.read() as tx:
            return await outbox.unsent(tx)

    async def due_outbox(self, now: int, limit: int = 50) -> list[OutboxJob]:
        """Pending jobs whose time has come, oldest first, at most one per conversation."""
        async with self._db.read() as tx:
            jobs, unreadable = await outbox.due(tx, now, limit)
        if not unreadable:
            return jobs
        for event_id in unreadable:
            # Retrying could never help, and the job would block its conversation's later replies.
            log.error("outbox %s: payload unreadable, given up", short(event_id))
            await self.mark_outbox_failed(event_id, "unreadable payload")
        async with self._db.read() as tx:  # the replies they held back are due now
            jobs, _ = await outbox.due(tx, now, limit)
        return jobs

    async def mark_outbox_sent(self, event_id: EventId) -> ChangeSet:
        """The hub accepted the publish: the job is done and the message is QUEUED."""
        async with self._db.write() as tx:
            return await outbox.close(tx, event_id, OutboxState.SENT, DeliveryStatus.QUEUED)

    async def next_outbox_attempt(self) -> int | None:
        """When the earliest pending job is due (Unix seconds); None if nothing is pending."""
        async with self._db.read() as tx:
            return await outbox.next_attempt(tx)

    async def retry_outbox(self, event_id: EventId, next_attempt_at: int, error: str) -> None:
        """Count a failed attempt and schedule the next one."""
        async with self._db.write() as tx:
            await outbox.retry(tx, event_id, next_attempt_at, error)

    async def mark_outbox_failed(
        self, event_id: EventId, error: str, error_code: int = 0
    ) -> ChangeSet:
        """Give up on a job; a still-pending message shows FAILED."""
        async with self._db.write() as tx:
            return await outbox.close(
                tx, event_id, OutboxState.FAILED, DeliveryStatus.FAILED, error, error_code
            )

    async def requeue_outbox(
        self, event_id: EventId, expected_subject_seq: int, now: int
    ) -> ChangeSet:
        """Send a failed or conflicting reply again, guarded by `expected_subject_seq`; an
        empty change set if there is no such job (`outbox.requeue`)."""
        async with self._db.write() as tx:
            return await outbox.requeue(tx, event_id, expected_subject_seq, now)

    async def discard_outbox(self, event_id: EventId) -> ChangeSet:
        """Delete a failed or conflicting reply the log never took; an empty change set if it
        cannot be taken back (`outbox.discard`)."""
        async with self._db.write() as tx:
            return await outbox.discard(tx, event_id)

    async def mark_conflict(self, event_id: EventId) -> ChangeSet:
        """The hub refused the reply (stale view): the message shows CONFLICT, the job closes."""
        async with self._db.write() as tx:
            return await outbox.close(
                tx, event_id, OutboxState.CONFLICT, DeliveryStatus.CONFLICT, "stale view"
            )

    # -- views ---------------------------------------------------------------------------

    async def conversation_page(
        self,
        view: QueueView,
        offset: int,
        limit: int,
        *,
        me: DeviceId | None = None,
        label: LabelId | None = None,
    ) -> list[ConversationSummary]:
        """One page of the queue, waiting customers first (`rules.queue_order_key`); only
        conversations carrying `label`, if given.

        Raises:
            ValueError: `view` is MINE and `me` is None.
        """
        async with self._db.read() as tx:
            return await queries.conversation_page(tx, view, offset, limit, me, label)

    async def conversation_count(
        self, view: QueueView, *, me: DeviceId | None = None, label: LabelId | None = None
    ) -> int:
        async with self._db.read() as tx:
            return await queries.conversation_count(tx, view, me, label)

    async def labels(self) -> list[Label]:
        """The team's labels (not deleted)."""
        async with self._db.read() as tx:
            return await list_rows.labels(tx)

    async def labels_of(self, conversation_id: ConversationId) -> tuple[LabelId, ...]:
        """The labels the conversation carries, by name."""
        async with self._db.read() as tx:
            return (await list_rows.labels_of(tx, [conversation_id])).get(conversation_id, ())

    async def canned_replies(self, owners: Iterable[DeviceId]) -> list[CannedReply]:
        """The shared canned replies and the personal ones of `owners` (not deleted)."""
        async with self._db.read() as tx:
            return await list_rows.canned_replies(tx, owners)

    async def next_wake(self) -> int | None:
        """When the next snooze ends (Unix seconds), or None if nothing is snoozed."""
        async with self._db.read() as tx:
            return await queries.next_wake(tx)

    async def snoozes_due(self, now: int, limit: int = 50) -> list[ConversationId]:
        """Snoozed conversations whose time has come, the longest overdue first."""
        async with self._db.read() as tx:
            return await queries.snoozes_due(tx, now, limit)

    async def unread_conversations(self, me: DeviceId) -> int:
        """Conversations with unread customer messages that are `me`'s or nobody's."""
        async with self._db.read() as tx:
            return await queries.unread_conversations(tx, me)

    async def conversation(
        self, conversation_id: ConversationId, *, subject: str | None = None
    ) -> ConversationDetail | None:
        """The conversation's detail. With its `subject`, `last_subject_seq` also counts every
        stored record on that subject (one this desk cannot read, say), read in the same
        transaction as the rest, so the guard and the state it guards always agree."""
        async with self._db.read() as tx:
            detail = await queries.conversation(tx, conversation_id)
            if detail is None or subject is None:
                return detail
            seen = await syncstate.subject_seq(tx, subject)
            return replace(detail, last_subject_seq=max(detail.last_subject_seq, seen))

    async def messages_page(
        self, conversation_id: ConversationId, before_position: int | None, limit: int
    ) -> list[Message]:
        """Up to `limit` messages before `before_position` (None: the newest), oldest first."""
        async with self._db.read() as tx:
            return await queries.messages_page(tx, conversation_id, before_position, limit)

    async def customer_profile(self, conversation_id: ConversationId) -> CustomerProfile | None:
        """The customer panel's facts (`app.store.profile`), read in one go."""
        async with self._db.read() as tx:
            return await profile.customer_profile(tx, conversation_id)

    async def priced_since(self, since: int) -> list[PricedSend]:
        """Every message Meta priced at or after `since`, for the costs report."""
        async with self._db.read() as tx:
            return await costs.priced_since(tx, since)

    async def team_report(self, start: int, end: int, period: Period) -> TeamReport:
        """The activity report over [start, end) by `period` (SQL aggregates, one read)."""
        async with self._db.read() as tx:
            return await report_rows.team_report(tx, start, end, period)

    async def audit_page(self, wanted: AuditFilter, before: int, limit: int) -> list[AuditEntry]:
        """Up to `limit` audited records before stream sequence `before`, newest first."""
        async with self._db.read() as tx:
            return await audit_rows.page(tx, wanted, before, limit)

    async def chain_page(self, before: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to `limit` team-chain links before stream sequence `before`, newest first."""
        async with self._db.read() as tx:
            return await audit_rows.chain_page(tx, before, limit)

    async def audit_records(
        self, seqs: list[int]
    ) -> tuple[list[audit_rows.StoredEnvelope], dict[int, bytes]]:
        """The stored envelopes and chain links at these stream sequences, to check again."""
        async with self._db.read() as tx:
            return await audit_rows.envelopes(tx, seqs), await audit_rows.links(tx, seqs)

    async def export_conversations(self, after: bytes, limit: int) -> list[ConversationId]:
        """Up to `limit` conversation ids above `after`, in id order (an export's walk)."""
        async with self._db.read() as tx:
            return await export_rows.conversation_ids(tx, after, limit)

    async def export_totals(self) -> tuple[int, int]:
        """Conversations and messages the replica holds (an export's progress target)."""
        async with self._db.read() as tx:
            return await export_rows.totals(tx)

    async def messages_after(
        self, conversation_id: ConversationId, after_position: int, limit: int
    ) -> list[Message]:
        """Up to `limit` messages after `after_position`, oldest first (an export's walk)."""
        async with self._db.read() as tx:
            return await export_rows.messages_after(tx, conversation_id, after_position, limit)

    async def earlier_conversations(
        self, conversation_id: ConversationId, before_position: int, limit: int
    ) -> list[Episode]:
        """Up to `limit` earlier conversations resolved before `before_position`."""
        async with self._db.read() as tx:
            return (await profile.earlier_page(tx, conversation_id, before_position, limit))[0]

    async def message_by_event_id(self, event_id: EventId) -> Message | None:
        async with self._db.read() as tx:
            return await queries.message(tx, event_id)

    async def message_versions(self, wamid: Wamid) -> list[tuple[int, Content]]:
        """Every version of a message its customer edited, oldest first: (Meta's time,
        content). Empty if never edited, or deleted since."""
        async with self._db.read() as tx:
            return await edit_rows.versions(tx, wamid)

    async def search(
        self,
        query: SearchQuery,
        conversation_id: ConversationId | None,
        before: int | None,
        limit: int,
    ) -> list[SearchHit]:
        """Messages matching `query`, newest first, one page (`app.store.search.search`).
        Messages not indexed yet are indexed first (`app.store.fts`)."""
        await self._indexer.catch_up()
        async with self._db.read() as tx:
            return await search.search(tx, query, conversation_id, before, limit)

    async def index_search(self, limit: int = fts.CHUNK) -> int:
        """Add up to `limit` messages not indexed yet to the search index, in one transaction;
        returns how many (0: none waits). Runs by itself shortly after applies."""
        return await self._db.write_at_once(lambda tx: fts.index_some(tx, limit), durable=False)

    async def number_status(self) -> NumberStatus | None:
        """The business number as customers see it, as last reported; None before any report."""
        async with self._db.read() as tx:
            return await queries.number_status(tx)

    async def history_import(self) -> HistoryImport | None:
        """How the import of the phone's chat history stands; None before any report."""
        async with self._db.read() as tx:
            return await history_rows.read(tx)

    async def admin_notices(self, limit: int) -> list[ListedNotice]:
        """Up to `limit` of Meta's notices for admins, newest first (`notice_rows.newest`)."""
        async with self._db.read() as tx:
            return await notice_rows.newest(tx, limit)

    async def unread_admin_notices(self) -> int:
        """How many notices came after the last one this desk's admin read."""
        async with self._db.read() as tx:
            return await notice_rows.unread(tx)

    async def mark_admin_notices_read(self, up_to_seq: int) -> None:
        """This desk's admin has seen every notice up to `up_to_seq` (local only)."""
        async with self._db.write() as tx:
            await notice_rows.mark_read(tx, up_to_seq)

    async def latest_release(self) -> tuple[Release, bool] | None:
        """The latest announced version and whether this desk's user closed it (`release_rows`)."""
        async with self._db.read() as tx:
            return await release_rows.latest(tx)

    async def dismiss_release(self, version: str) -> None:
        """This desk's user closed the announcement of `version` (local only)."""
        async with self._db.write() as tx:
            await release_rows.dismiss(tx, version)

    async def assignment_view(self, limit: int) -> AssignmentView:
        """What the assigner decides on, read in one transaction (`assignment_rows`): the
        settings, who is away, the round robin's place, who holds how many open conversations,
        and up to `limit` open conversations nobody holds, the longest waiting first."""
        async with self._db.read() as tx:
            return AssignmentView(
                settings=await assignment_rows.settings(tx) or OFF,
                away=await assignment_rows.away(tx),
                last=await assignment_rows.last_auto_assignee(tx),
                open_counts=await assignment_rows.open_counts(tx),
                waiting=await assignment_rows.waiting(tx, limit),
            )

    async def assignment_settings(self) -> AssignmentSettings:
        """The auto-assignment settings an admin set last (off if none)."""
        async with self._db.read() as tx:
            return await assignment_rows.settings(tx) or OFF

    async def away_agents(self) -> frozenset[DeviceId]:
        """Agents who said they are away."""
        async with self._db.read() as tx:
            return await assignment_rows.away(tx)

    async def back_office_systems(self) -> list[BackOfficeSystem]:
        """The systems this desk's admin gave a token, live ones first (`api_token_rows`)."""
        async with self._db.read() as tx:
            return await api_token_rows.systems(tx)

    async def add_back_office_system(self, system: BackOfficeSystem) -> None:
        async with self._db.write() as tx:
            await api_token_rows.add(tx, system)

    async def revoke_back_office_system(self, token_id: bytes, at: int) -> None:
        async with self._db.write() as tx:
            await api_token_rows.revoke(tx, token_id, at)

    async def gateway_status(self) -> GatewayStatus | None:
        """The gateway's last report on the number's connection; None before any."""
        async with self._db.read() as tx:
            return await connection_rows.gateway_status(tx)

    async def foreign_webhooks(self) -> tuple[int, int | None]:
        """Webhook items the gateway ignored for another phone number id, and when the newest
        was sent (`connection_rows.foreign_webhooks`)."""
        async with self._db.read() as tx:
            return await connection_rows.foreign_webhooks(tx)

    async def conversation_by_wa_id(self, wa_id: str) -> ConversationId | None:
        """The conversation of the customer with this phone number (digits), if any; the most
        recently active one should there be several."""
        async with self._db.read() as tx:
            raw = await tx.fetchval(_SQL_BY_WA_ID, (wa_id,))
        return None if raw is None else ConversationId(bytes(raw))

    async def templates(self) -> tuple[TemplateDef, ...]:
        """The template catalogue the gateway last published; empty before any."""
        async with self._db.read() as tx:
            return await template_rows.templates(tx)

    async def settings_sent(self) -> connection_rows.SettingsSent | None:
        """The number settings this desk sent last (local only); None if it never did."""
        async with self._db.read() as tx:
            return await connection_rows.settings_sent(tx)

    async def save_settings_sent(self, sent: connection_rows.SettingsSent) -> None:
        """Remember what this desk sent the gateway (its verify token, for Meta's dashboard)."""
        async with self._db.write() as tx:
            await connection_rows.save_settings_sent(tx, sent)

    async def mark_read(self, conversation_id: ConversationId) -> ChangeSet:
        """The agent saw the conversation: unread = 0 (local only, never in the log)."""
        async with self._db.write() as tx:
            changed = await tx.execute(_SQL_MARK_READ, (conversation_id,))
        if not changed:
            return ChangeSet()
        return ChangeSet(conversations=frozenset({conversation_id}), queue_changed=True)

    async def last_seen(self, authors: Iterable[DeviceId]) -> dict[DeviceId, int]:
        """Per device, the Unix time of its newest record stored here (its `author_time`);
        devices with no readable record are left out. One index seek per device."""
        async with self._db.read() as tx:
            return await queries.last_seen(tx, list(authors))

    async def applied_inbound_count(self) -> int:
        async with self._db.read() as tx:
            return await queries.inbound_count(tx)

    async def stats(self) -> ReplicaStats:
        async with self._db.read() as tx:
            return await queries.stats(tx)


def _refuse_missing_or_empty(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReplicaDamaged(f"the replica {path.name} is missing") from None
    except OSError as err:
        raise StoreUnavailable(f"cannot read {path.name}: {err}") from err
    if size == 0:
        raise ReplicaDamaged(f"the replica {path.name} is empty (0 bytes)")
