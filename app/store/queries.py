"""Read queries for the views: always pages, never whole tables."""

from __future__ import annotations

from dataclasses import replace

from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.labels import LabelId
from app.domain.model import ConversationSummary, Direction, Message
from app.log.events import NumberStatus
from app.store import list_rows
from app.store.customer_rows import NUMBER_STATUS_COLUMNS, number_status_from_row
from app.store.db import Tx
from app.store.records import ConversationDetail, QueueView, ReplicaStats
from app.store.rows import (
    DETAIL_COLUMNS,
    MESSAGE_VIEW_COLUMNS,
    MESSAGE_VIEW_JOINS,
    SUMMARY_COLUMNS,
    Outcome,
    detail_from_row,
    message_view_from_row,
    summary_from_row,
)

_OPEN, _PENDING, _SNOOZED, _RESOLVED = (int(s) for s in ConversationState)
_FILTERS = {
    QueueView.ALL_OPEN: f"WHERE c.state = {_OPEN}",
    QueueView.UNASSIGNED: f"WHERE c.state = {_OPEN} AND c.assignee IS NULL",
    QueueView.MINE: f"WHERE c.state = {_OPEN} AND c.assignee = ?",
    QueueView.PENDING: f"WHERE c.state = {_PENDING}",
    QueueView.SNOOZED: f"WHERE c.state = {_SNOOZED}",
    QueueView.RESOLVED: f"WHERE c.state = {_RESOLVED}",
}
# Tab counts come from the buckets the fold keeps (queue_counts), never from counting rows.
_COUNT_FILTERS = {
    QueueView.ALL_OPEN: f"state = {_OPEN}",
    QueueView.UNASSIGNED: f"state = {_OPEN} AND assignee = x''",
    QueueView.MINE: f"state = {_OPEN} AND assignee = ?",
    QueueView.PENDING: f"state = {_PENDING}",
    QueueView.SNOOZED: f"state = {_SNOOZED}",
    QueueView.RESOLVED: f"state = {_RESOLVED}",
}
# The ORDER BY repeats the expressions of the conversations_queue_by_state(_assignee) indexes
# verbatim, so SQLite walks an index instead of sorting (app.domain.rules.queue_order_key,
# done in SQL).
_QUEUE_ORDER = (
    "ORDER BY c.waiting_since IS NULL, coalesce(c.waiting_since, -c.last_at), c.conversation_id"
)
_SQL_PAGE = (
    f"SELECT {SUMMARY_COLUMNS} FROM conversations AS c "
    "JOIN customers AS cu ON cu.customer_id = c.customer_id "
    f"{{filter}} {_QUEUE_ORDER} LIMIT ? OFFSET ?"
)
_SQL_COUNT = "SELECT coalesce(sum(n), 0) FROM queue_counts WHERE {filter}"
# Filtered by label. The page walks the tab's queue index in order and looks each conversation's
# label up by primary key, so it stops at its LIMIT like an unfiltered page (no sort); the count
# reads the label's own rows (conversation_labels_by_label), so it costs what the label holds,
# not what the tab holds.
_SQL_LABEL_PAGE = (
    f"SELECT {SUMMARY_COLUMNS} FROM conversation_labels AS cl "
    "JOIN conversations AS c ON c.conversation_id = cl.conversation_id "
    "JOIN customers AS cu ON cu.customer_id = c.customer_id "
    f"{{filter}} AND cl.label_id = ? {_QUEUE_ORDER} LIMIT ? OFFSET ?"
)
_SQL_LABEL_COUNT = (
    "SELECT count(*) FROM conversation_labels AS cl INDEXED BY conversation_labels_by_label "
    "JOIN conversations AS c ON c.conversation_id = cl.conversation_id "
    "{filter} AND cl.label_id = ?"
)
# The next snooze to end (the partial index conversations_snoozed).
_SQL_NEXT_WAKE = f"SELECT min(snooze_until) FROM conversations WHERE state = {_SNOOZED}"
# Named, because SQLite prefers the equality on state (a queue index, then a sort of every
# snoozed conversation) to the partial index that already holds them in order.
_SQL_DUE = (
    "SELECT conversation_id FROM conversations INDEXED BY conversations_snoozed "
    f"WHERE state = {_SNOOZED} AND snooze_until <= ? ORDER BY snooze_until LIMIT ?"
)
# Open conversations only, like the Unassigned and Mine tabs: a customer's message opens a
# resolved, pending or snoozed one again, so unread words never hide in a closed tab for long.
_SQL_UNREAD = (
    "SELECT count(*) FROM conversations AS c "
    f"WHERE c.state = {_OPEN} AND c.unread > 0 AND (c.assignee IS NULL OR c.assignee = ?)"
)
_SQL_DETAIL = (
    f"SELECT {DETAIL_COLUMNS} FROM conversations AS c "
    "JOIN customers AS cu ON cu.customer_id = c.customer_id WHERE c.conversation_id = ?"
)
# Keyset paging on the (conversation_id, position) index: newest first, reversed in Python.
_SQL_MESSAGES = (
    f"SELECT {MESSAGE_VIEW_COLUMNS} FROM messages AS m {MESSAGE_VIEW_JOINS} "
    "WHERE m.conversation_id = ? AND m.position < ? ORDER BY m.position DESC LIMIT ?"
)
_SQL_MESSAGE = (
    f"SELECT {MESSAGE_VIEW_COLUMNS} FROM messages AS m {MESSAGE_VIEW_JOINS} WHERE m.event_id = ?"
)
_SQL_NUMBER_STATUS = f"SELECT {NUMBER_STATUS_COLUMNS} FROM number_status WHERE id = 1"
_SQL_INBOUND_COUNT = f"SELECT count(*) FROM messages WHERE direction = {Direction.INBOUND:d}"
_SQL_OUTBOUND_BY_AUTHOR = (
    f"SELECT author, count(*) FROM messages WHERE direction = {Direction.OUTBOUND:d} "
    "GROUP BY author ORDER BY author"
)
_SQL_OUTCOMES = "SELECT outcome, count(*) FROM events GROUP BY outcome"
_SQL_CURSOR = "SELECT cursor FROM sync_state WHERE id = 1"
# The apply keeps each author's newest author_time on its head row (migration 0023).
_SQL_LAST_SEEN = "SELECT seen_at FROM author_heads WHERE author = ?"

_NO_BOUND = (1 << 63) - 1
"""Above every position, pending replies included (SQLite integers are signed 64-bit)."""


def _view_params(view: QueueView, me: DeviceId | None) -> tuple[object, ...]:
    if view is not QueueView.MINE:
        return ()
    if me is None:
        raise ValueError("the MINE view needs this desk's device id (me)")
    return (me,)


async def conversation_page(
    tx: Tx,
    view: QueueView,
    offset: int,
    limit: int,
    me: DeviceId | None,
    label: LabelId | None = None,
) -> list[ConversationSummary]:
    """One page of a tab, only the conversations carrying `label` if given; each row with its
    labels."""
    params = _view_params(view, me)
    if label is None:
        sql, params = _SQL_PAGE.format(filter=_FILTERS[view]), (*params, limit, offset)
    else:
        sql = _SQL_LABEL_PAGE.format(filter=_FILTERS[view])
        params = (*params, label, limit, offset)
    summaries = [summary_from_row(row) for row in await tx.fetchall(sql, params)]
    labels = await list_rows.labels_of(tx, (s.conversation_id for s in summaries))
    return [replace(s, labels=labels.get(s.conversation_id, ())) for s in summaries]


async def conversation_count(
    tx: Tx, view: QueueView, me: DeviceId | None, label: LabelId | None = None
) -> int:
    if label is None:
        sql = _SQL_COUNT.format(filter=_COUNT_FILTERS[view])
        return int(await tx.fetchval(sql, _view_params(view, me)))
    sql = _SQL_LABEL_COUNT.format(filter=_FILTERS[view])
    return int(await tx.fetchval(sql, (*_view_params(view, me), label)))


async def next_wake(tx: Tx) -> int | None:
    """When the next snooze ends (Unix seconds), or None if nothing is snoozed."""
    value = await tx.fetchval(_SQL_NEXT_WAKE)
    return None if value is None else int(value)


async def snoozes_due(tx: Tx, now: int, limit: int) -> list[ConversationId]:
    """Snoozed conversations whose time has come, the longest overdue first."""
    rows = await tx.fetchall(_SQL_DUE, (now, limit))
    return [ConversationId(bytes(r[0])) for r in rows]


async def unread_conversations(tx: Tx, me: DeviceId) -> int:
    """Conversations with unread customer messages that are `me`'s or nobody's."""
    return int(await tx.fetchval(_SQL_UNREAD, (me,)))


async def conversation(tx: Tx, conversation_id: ConversationId) -> ConversationDetail | None:
    row = await tx.fetchone(_SQL_DETAIL, (conversation_id,))
    return None if row is None else detail_from_row(row)


async def messages_page(
    tx: Tx, conversation_id: ConversationId, before_position: int | None, limit: int
) -> list[Message]:
    bound = _NO_BOUND if before_position is None else before_position
    rows = await tx.fetchall(_SQL_MESSAGES, (conversation_id, bound, limit))
    return [message_view_from_row(row) for row in reversed(rows)]


async def message(tx: Tx, event_id: EventId) -> Message | None:
    row = await tx.fetchone(_SQL_MESSAGE, (event_id,))
    return None if row is None else message_view_from_row(row)


async def number_status(tx: Tx) -> NumberStatus | None:
    row = await tx.fetchone(_SQL_NUMBER_STATUS)
    return None if row is None else number_status_from_row(row)


async def inbound_count(tx: Tx) -> int:
    return int(await tx.fetchval(_SQL_INBOUND_COUNT))


async def stats(tx: Tx) -> ReplicaStats:
    outcomes = {Outcome(r[0]): int(r[1]) for r in await tx.fetchall(_SQL_OUTCOMES)}
    by_author = {
        DeviceId(bytes(r[0])): int(r[1])
        for r in await tx.fetchall(_SQL_OUTBOUND_BY_AUTHOR)
        if r[0] is not None
    }
    return ReplicaStats(
        cursor=int(await tx.fetchval(_SQL_CURSOR)),
        events_stored=sum(outcomes.values()),
        inbound_messages=await inbound_count(tx),
        outbound_by_author=by_author,
        duplicates_prevented=outcomes.get(Outcome.DUPLICATE, 0),
        stored_not_applied=outcomes.get(Outcome.STORED, 0),
        skipped=outcomes.get(Outcome.SKIPPED, 0),
    )


async def last_seen(tx: Tx, authors: list[DeviceId]) -> dict[DeviceId, int]:
    """Per author, the newest `author_time` of its stored records; authors with none are left
    out."""
    seen: dict[DeviceId, int] = {}
    for author in authors:
        value = await tx.fetchval(_SQL_LAST_SEEN, (author,))
        if value is not None:
            seen[author] = int(value)
    return seen
