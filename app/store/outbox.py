"""The transactional outbox (Signal's job queue): a reply and its send job are written together.

The pending message and its job share one transaction, so a crash leaves both or neither. Jobs
carry the event id as idempotency key and the conversation's subject sequence the agent saw, so a
retry after a crash never sends twice and never sends on a stale view.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.content import Content, searchable_text
from app.domain.ids import ConversationId, DeviceId, EventId, short
from app.domain.model import DeliveryStatus, Direction, Message
from app.store.content_rows import content_to_json
from app.store.db import Tx
from app.store.records import NO_CHANGES, ChangeSet, OutboxJob, OutboxState
from app.store.rows import (
    OUTBOX_COLUMNS,
    PENDING_POSITION_BASE,
    outbox_job_from_row,
    outbox_payload,
)

_SQL_GUARD = "SELECT last_subject_seq FROM conversations WHERE conversation_id = ?"
# Pending replies go above every stream sequence, one after another per conversation.
_SQL_INSERT_PENDING = (
    "INSERT INTO messages (event_id, conversation_id, direction, text, at, author, status, "
    "content_kind, content, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "(SELECT max(?, coalesce(max(position), 0)) + 1 FROM messages WHERE conversation_id = ?)) "
    "RETURNING position"
)
# The queue row previews our reply at once; waiting_since clears only when the log has it.
_SQL_PREVIEW = (
    "UPDATE conversations SET last_text = ?, last_at = ?, message_count = message_count + 1, "
    "last_kind = ? WHERE conversation_id = ?"
)
_SQL_INSERT_JOB = f"INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?, '', ?)"
# In the order they were written (rowid: created_at has whole seconds only); a job waits while
# an earlier pending job of its conversation exists, so replies reach the log, and the customer,
# in that order (both use the partial indexes of migration 0010).
_SQL_DUE = (
    f"SELECT {OUTBOX_COLUMNS} FROM outbox AS o "
    f"WHERE o.state = {OutboxState.PENDING:d} AND o.next_attempt_at <= ? AND NOT EXISTS ("
    f"  SELECT 1 FROM outbox AS p WHERE p.state = {OutboxState.PENDING:d} "
    "   AND p.conversation_id = o.conversation_id AND p.rowid < o.rowid) "
    "ORDER BY o.rowid LIMIT ?"
)
# Every reply not yet published, in the order written: what a damaged replica still owes.
_SQL_UNSENT = (
    f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = {OutboxState.PENDING:d} ORDER BY rowid"
)
# The outbox_pending_by_conversation index answers it with one seek.
_SQL_HAS_PENDING = (
    f"SELECT 1 FROM outbox WHERE conversation_id = ? AND state = {OutboxState.PENDING:d} LIMIT 1"
)
_SQL_NEXT_ATTEMPT = f"SELECT min(next_attempt_at) FROM outbox WHERE state = {OutboxState.PENDING:d}"
_SQL_RETRY = (
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
    f"WHERE event_id = ? AND state = {OutboxState.PENDING:d}"
)
_SQL_CLOSE = (
    "UPDATE outbox SET state = ?, attempts = attempts + ?, last_error = ? "
    f"WHERE event_id = ? AND state = {OutboxState.PENDING:d}"
)
# Only a message still pending takes the runner's verdict: once the log applied the reply, the
# log's status stands.
_SQL_MESSAGE_VERDICT = (
    "UPDATE messages SET status = ?, error_code = ? "
    f"WHERE event_id = ? AND status = {DeliveryStatus.PENDING:d} RETURNING conversation_id"
)
_GAVE_UP = f"({OutboxState.FAILED:d}, {OutboxState.CONFLICT:d})"
_NOT_SENT = f"({DeliveryStatus.FAILED:d}, {DeliveryStatus.CONFLICT:d})"
# The agent decided again: the job starts over, guarded by what the agent sees now.
_SQL_REQUEUE = (
    f"UPDATE outbox SET state = {OutboxState.PENDING:d}, attempts = 0, next_attempt_at = ?, "
    f"expected_subject_seq = ?, last_error = '' WHERE event_id = ? AND state IN {_GAVE_UP}"
)
_SQL_MESSAGE_PENDING = (
    f"UPDATE messages SET status = {DeliveryStatus.PENDING:d}, error_code = 0 "
    f"WHERE event_id = ? AND status IN {_NOT_SENT} RETURNING conversation_id"
)
# Only a reply the log never took can be taken back: it sits above every stream sequence.
_SQL_DISCARD_MESSAGE = (
    f"DELETE FROM messages WHERE event_id = ? AND status IN {_NOT_SENT} AND position >= ? "
    "AND EXISTS (SELECT 1 FROM outbox AS o WHERE o.event_id = messages.event_id "
    f"AND o.state IN {_GAVE_UP}) RETURNING conversation_id"
)
_SQL_DISCARD_JOB = "DELETE FROM outbox WHERE event_id = ?"
# The queue's preview falls back to the newest message to or from the customer left (notes
# and activity lines, "Ben took over", never stand in the preview); while the customer waits,
# not a system's notification either (an automatic greeting), as the fold keeps it
# (`app.log.kinds.notification_sent`).
_CHAT = f"({Direction.INBOUND:d}, {Direction.OUTBOUND:d})"
_SQL_PREVIEW_AGAIN = (
    "UPDATE conversations SET message_count = max(0, message_count - 1), "
    "(last_text, last_at, last_kind) = (SELECT m.text, m.at, m.content_kind FROM messages AS m "
    "WHERE m.conversation_id = conversations.conversation_id AND m.direction IN "
    f"{_CHAT} ORDER BY (conversations.waiting_since IS NOT NULL AND m.sent_by_system <> ''), "
    "m.position DESC LIMIT 1) "
    "WHERE conversation_id = ? AND EXISTS "
    "(SELECT 1 FROM messages AS m WHERE m.conversation_id = conversations.conversation_id "
    f"AND m.direction IN {_CHAT})"
)


async def enqueue_reply(
    tx: Tx,
    conversation_id: ConversationId,
    event_id: EventId,
    content: Content,
    author: DeviceId,
    now: int,
    expected_subject_seq: int | None,
) -> Message:
    """Write the pending message and its send job (the caller holds the transaction).

    The message keeps the content (a file's `StoredMedia` included) and its searchable words;
    the job stores the same content for the runner (`rows.outbox_payload`).
    """
    guard = await tx.fetchval(_SQL_GUARD, (conversation_id,))
    if guard is None:
        raise ValueError(f"no conversation {short(conversation_id)} to reply to")
    expected = int(guard) if expected_subject_seq is None else expected_subject_seq
    message = await _insert_pending(tx, conversation_id, event_id, content, author, now)
    await tx.execute(_SQL_PREVIEW, (message.text, now, int(content.kind), conversation_id))
    job_kind, payload = outbox_payload(content)
    job = (int(job_kind), payload, expected, int(OutboxState.PENDING))
    await tx.execute(_SQL_INSERT_JOB, (event_id, conversation_id, *job, now, now))
    return message


async def _insert_pending(
    tx: Tx,
    conversation_id: ConversationId,
    event_id: EventId,
    content: Content,
    author: DeviceId,
    now: int,
) -> Message:
    message = Message(
        event_id=event_id,
        conversation_id=conversation_id,
        direction=Direction.OUTBOUND,
        text=searchable_text(content),
        at=now,
        author=author,
        wamid=None,
        status=DeliveryStatus.PENDING,
        error_code=0,
        position=0,  # the insert picks it
        content=content,
    )
    row = (int(Direction.OUTBOUND), message.text, now, author, int(DeliveryStatus.PENDING))
    position = await tx.fetchval(
        _SQL_INSERT_PENDING,
        (
            event_id,
            conversation_id,
            *row,
            int(content.kind),
            content_to_json(content),
            PENDING_POSITION_BASE,
            conversation_id,
        ),
    )
    return replace(message, position=int(position))


async def due(tx: Tx, now: int, limit: int) -> tuple[list[OutboxJob], list[EventId]]:
    """Due jobs, and the ids of due jobs whose payload no longer decodes (a damaged row)."""
    jobs: list[OutboxJob] = []
    unreadable: list[EventId] = []
    for row in await tx.fetchall(_SQL_DUE, (now, limit)):
        try:
            jobs.append(outbox_job_from_row(row))
        except ValueError:
            unreadable.append(EventId(bytes(row["event_id"])))
    return jobs, unreadable


async def unsent(tx: Tx) -> list[OutboxJob]:
    """Every pending job in the order written; a row that no longer decodes is left out."""
    jobs: list[OutboxJob] = []
    for row in await tx.fetchall(_SQL_UNSENT, ()):
        try:
            jobs.append(outbox_job_from_row(row))
        except ValueError:
            continue
    return jobs


async def has_pending(tx: Tx, conversation_id: ConversationId) -> bool:
    return await tx.fetchone(_SQL_HAS_PENDING, (conversation_id,)) is not None


async def next_attempt(tx: Tx) -> int | None:
    value = await tx.fetchval(_SQL_NEXT_ATTEMPT)
    return None if value is None else int(value)


async def retry(tx: Tx, event_id: EventId, next_attempt_at: int, error: str) -> None:
    await tx.execute(_SQL_RETRY, (next_attempt_at, error, event_id))


async def requeue(tx: Tx, event_id: EventId, expected_subject_seq: int, now: int) -> ChangeSet:
    """Send a reply the runner gave up on (failed or in conflict) again, with a fresh guard.

    Returns NO_CHANGES if there is no such job to requeue (sent, pending, or unknown).
    """
    if not await tx.execute(_SQL_REQUEUE, (now, expected_subject_seq, event_id)):
        return NO_CHANGES
    row = await tx.fetchone(_SQL_MESSAGE_PENDING, (event_id,))
    if row is None:
        return ChangeSet(outbox_changed=True)
    return ChangeSet(
        conversations=frozenset({ConversationId(bytes(row[0]))}),
        updated_messages=frozenset({event_id}),
        outbox_changed=True,
    )


async def discard(tx: Tx, event_id: EventId) -> ChangeSet:
    """Take back a reply that never reached the log: its message and job are deleted.

    Returns NO_CHANGES if it cannot be taken back (unknown, still pending, or in the log).
    """
    row = await tx.fetchone(_SQL_DISCARD_MESSAGE, (event_id, PENDING_POSITION_BASE))
    if row is None:
        return NO_CHANGES
    conversation_id = ConversationId(bytes(row[0]))
    await tx.execute(_SQL_DISCARD_JOB, (event_id,))
    await tx.execute(_SQL_PREVIEW_AGAIN, (conversation_id,))
    return ChangeSet(
        conversations=frozenset({conversation_id}),
        updated_messages=frozenset({event_id}),
        queue_changed=True,
        outbox_changed=True,
    )


async def close(
    tx: Tx,
    event_id: EventId,
    state: OutboxState,
    status: DeliveryStatus,
    error: str = "",
    error_code: int = 0,
) -> ChangeSet:
    """Close a pending job as `state`; a still-pending message becomes `status`."""
    attempt = 0 if state == OutboxState.SENT else 1
    closed = await tx.execute(_SQL_CLOSE, (int(state), attempt, error, event_id))
    if not closed:
        return NO_CHANGES
    row = await tx.fetchone(_SQL_MESSAGE_VERDICT, (int(status), error_code, event_id))
    if row is None:
        return ChangeSet(outbox_changed=True)
    return ChangeSet(
        conversations=frozenset({ConversationId(bytes(row[0]))}),
        updated_messages=frozenset({event_id}),
        outbox_changed=True,
    )
