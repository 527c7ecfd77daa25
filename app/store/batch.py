"""The SQL around the fold: load what a batch can touch, write back what it changed.

A few set-based statements per batch (IN lists, `executemany`) instead of several awaits per
record: thread hops cost 40–50 µs each under qasync (stack.md §5). The customer side (ids,
reactions, preferences, the number's status) lives in `batch_customers`.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.ids import DeviceId, EventId
from app.log.audit import audit_facts
from app.log.fold import keys_of
from app.log.registry import guard_neutral
from app.log.state import BatchState
from app.store import (
    api_token_rows,
    assignment_rows,
    batch_customers,
    contact_rows,
    edit_rows,
    history_rows,
    list_rows,
    release_rows,
)
from app.store.audit_rows import audit_columns
from app.store.batch_customers import PLACES, select_in
from app.store.content_rows import content_to_json
from app.store.db import Tx
from app.store.records import AppliedRecord
from app.store.rows import (
    CONVERSATION_COLUMNS,
    MESSAGE_COLUMNS,
    conversation_from_row,
    conversation_params,
    message_from_row,
    message_params,
    status_from_row,
)

# Event ids and stream sequences already stored, in one statement (each IN list walks its own
# index): a stream sequence already stored is never stored again, whatever event id it claims.
_SQL_KNOWN = (
    "SELECT event_id, stream_seq FROM events WHERE event_id IN ({0}) OR stream_seq IN ({1})"
)
_SQL_CONVERSATIONS = (
    f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE conversation_id IN ({{}})"
)
_SQL_MESSAGES_BY_ID = f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE event_id IN ({{}})"
_SQL_MESSAGES_BY_WAMID = f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE wamid IN ({{}})"
_SQL_STATUSES = "SELECT wamid, status, error_code, at FROM wamid_status WHERE wamid IN ({})"

_SQL_INSERT_EVENT = (
    "INSERT INTO events (stream_seq, event_id, subject, author, author_seq, envelope, "
    "envelope_hash, outcome, author_time, guard_neutral, audit_action, audit_conversation, "
    "audit_target, audit_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# Heads and last-seen times only move forward, also if an old batch is replayed after a newer
# one (SET reads the row as it was; a NULL time leaves the stored one).
_SQL_UPSERT_HEAD = (
    "INSERT INTO author_heads (author, seq, hash, seen_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (author) DO UPDATE SET "
    "seq = CASE WHEN excluded.seq > seq THEN excluded.seq ELSE seq END, "
    "hash = CASE WHEN excluded.seq > seq THEN excluded.hash ELSE hash END, "
    "seen_at = CASE WHEN excluded.seen_at > coalesce(seen_at, -1) "
    "THEN excluded.seen_at ELSE seen_at END "
    "WHERE excluded.seq > author_heads.seq "
    "OR excluded.seen_at > coalesce(author_heads.seen_at, -1)"
)
# seqno is left to SQLite: max + 1, so links number 1, 2, 3 … in stream order.
_SQL_INSERT_LINK = "INSERT OR IGNORE INTO chain_links (stream_seq, link) VALUES (?, ?)"
_SQL_UPSERT_CONVERSATION = (
    f"INSERT INTO conversations ({CONVERSATION_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (conversation_id) DO UPDATE SET assignee = excluded.assignee, "
    "last_subject_seq = excluded.last_subject_seq, last_inbound_at = excluded.last_inbound_at, "
    "waiting_since = excluded.waiting_since, last_text = excluded.last_text, "
    "last_at = excluded.last_at, unread = excluded.unread, message_count = excluded.message_count, "
    "last_kind = excluded.last_kind, state = excluded.state, "
    "snooze_until = excluded.snooze_until"
)
# Tab counts move with the conversations: one bucket per (state, assignee), x'' for nobody.
_SQL_COUNT_DELTA = (
    "INSERT INTO queue_counts (state, assignee, n) VALUES (?, ?, ?) "
    "ON CONFLICT (state, assignee) DO UPDATE SET n = n + excluded.n"
)
_SQL_INSERT_MESSAGE = (
    f"INSERT INTO messages ({MESSAGE_COLUMNS}) "
    f"VALUES ({', '.join('?' * len(MESSAGE_COLUMNS.split(',')))})"
)
# A message's context never changes once stored. Its content is rewritten because our own
# pending reply takes the log's when the Reply arrives (the same, unless an older build queued
# it without one); otherwise only its place, time and delivery change.
_SQL_UPDATE_MESSAGE = (
    "UPDATE messages SET position = ?, text = ?, at = ?, author = ?, wamid = ?, status = ?, "
    "error_code = ?, content_kind = ?, content = ? WHERE event_id = ?"
)
_SQL_UPSERT_STATUS = (
    "INSERT INTO wamid_status (wamid, status, error_code, at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (wamid) DO UPDATE SET status = excluded.status, "
    "error_code = excluded.error_code, at = excluded.at"
)
# The first price named for a wamid stays (cloud-api.md §18): later statuses repeat it.
_SQL_INSERT_PRICING = (
    "INSERT OR IGNORE INTO message_pricing (wamid, category, type, billable, at) "
    "VALUES (?, ?, ?, ?, ?)"
)
_SQL_CURSOR = "UPDATE sync_state SET cursor = max(cursor, ?) WHERE id = 1"


async def load(tx: Tx, records: Sequence[AppliedRecord]) -> BatchState:
    """Every stored row that applying `records` could read."""
    state = BatchState()
    if not records:
        return state
    await _load_known(tx, state, records)
    keys = keys_of(records)
    # Customer ids first: a later id leads to a conversation the records do not name.
    await batch_customers.load_ids(tx, state, keys)
    # … and a phone number to a conversation started by number (`outreach`).
    conversations = keys.conversations | set(state.customer_map.values())
    conversations |= {state.by_wa_id[w] for w in keys.wa_ids if w in state.by_wa_id}
    for row in await select_in(tx, _SQL_CONVERSATIONS, conversations):
        conv = conversation_from_row(row)
        state.conversations[conv.conversation_id] = conv
        state.loaded_buckets[conv.conversation_id] = (conv.state, conv.assignee)
    await batch_customers.load_rows(tx, state, keys, conversations)
    await contact_rows.load(tx, state, keys)
    await history_rows.load(tx, state, keys)
    found = await select_in(tx, _SQL_MESSAGES_BY_ID, keys.messages)
    found += await select_in(tx, _SQL_MESSAGES_BY_WAMID, keys.wamids | keys.reaction_targets)
    for message in map(message_from_row, found):
        state.messages[message.event_id] = message
        if message.wamid is not None:
            state.by_wamid[message.wamid] = message.event_id
    for status in map(status_from_row, await select_in(tx, _SQL_STATUSES, keys.wamids)):
        state.statuses[status.wamid] = status
    edit_rows.load(await select_in(tx, edit_rows.LOAD_SQL, keys.wamids), state)
    await list_rows.load(tx, state, keys)
    return state


async def _load_known(tx: Tx, state: BatchState, records: Sequence[AppliedRecord]) -> None:
    """Which of the records' event ids and stream sequences are stored already. A row found
    by one list may not match the other: each set takes only what its own keys name."""
    ids = {r.event_id for r in records}
    seqs = {r.seq for r in records}
    for chunk in range(0, len(records), _KNOWN_CHUNK):
        part = records[chunk : chunk + _KNOWN_CHUNK]
        size = 1 << (len(part) - 1).bit_length()  # padded: few statement forms (`select_in`)
        padding = [None] * (size - len(part))  # `IN (NULL)` matches nothing
        sql = _SQL_KNOWN.format(PLACES[size], PLACES[size])
        params = [r.event_id for r in part] + padding + [r.seq for r in part] + padding
        for row in await tx.fetchall(sql, params):
            event_id, seq = EventId(bytes(row[0])), int(row[1])
            if event_id in ids:
                state.known_events.add(event_id)
            if seq in seqs:
                state.known_seqs.add(seq)


_KNOWN_CHUNK = 256
"""Records per look-up of `_SQL_KNOWN`: two IN lists of this many, 512 parameters at most."""


async def flush(tx: Tx, state: BatchState, cursor: int) -> bool:
    """Write back what the fold changed, parents before children.

    Returns False: the outbox is the runner's alone. A reply arriving through the log does not
    close its job, because the job still has to publish the gateway's request (sync/outbox.py);
    the runner checks the log before each step, so it never publishes anything twice.
    """
    await _flush_log(tx, state)
    await _flush_projections(tx, state)
    top = max((r.seq for r, _ in state.events), default=0)
    await tx.execute(_SQL_CURSOR, (max(cursor, top),))
    return False


async def _flush_log(tx: Tx, state: BatchState) -> None:
    """The records themselves: envelopes, author heads, chain links."""
    await tx.executemany(
        _SQL_INSERT_EVENT,
        [
            (
                r.seq,
                r.event_id,
                r.subject,
                r.author,
                r.author_seq,
                r.envelope,
                r.envelope_hash,
                int(o),  # an IntEnum would take sqlcipher3's slow adapter path (db.py)
                r.author_time,
                guard_neutral(r.event),
                *audit_columns(audit_facts(r.event, o)),
            )
            for r, o in state.events
        ],
    )
    seen = _newest_author_times(state)
    await tx.executemany(
        _SQL_UPSERT_HEAD, ((a, s, h, seen.get(a)) for a, (s, h) in state.heads.items())
    )
    await tx.executemany(_SQL_INSERT_LINK, state.chain_links)


async def _flush_projections(tx: Tx, state: BatchState) -> None:
    """What the views read: customers, conversations, messages, statuses, and the rest."""
    await batch_customers.flush_customers(tx, state)
    await tx.executemany(
        _SQL_UPSERT_CONVERSATION,
        (conversation_params(state.conversations[c]) for c in state.changed_conversations),
    )
    await tx.executemany(_SQL_COUNT_DELTA, _count_deltas(state))
    await tx.executemany(
        _SQL_INSERT_MESSAGE, (message_params(state.messages[m]) for m in state.new_messages)
    )
    await tx.executemany(
        _SQL_INSERT_MESSAGE, (message_params(state.messages[m]) for m in state.imported_messages)
    )
    await tx.executemany(
        _SQL_UPDATE_MESSAGE, (_update_params(state, m) for m in state.changed_messages)
    )
    statuses = (state.statuses[w] for w in state.changed_statuses)
    await tx.executemany(
        _SQL_UPSERT_STATUS, ((s.wamid, int(s.status), s.error_code, s.at) for s in statuses)
    )
    if state.pricings:  # most batches have none: spare the statement
        await tx.executemany(
            _SQL_INSERT_PRICING,
            (
                (wamid, p.category, int(p.type), int(p.billable), at)
                for wamid, (p, at) in state.pricings.items()
            ),
        )
    await batch_customers.flush_rest(tx, state)
    await edit_rows.flush(tx, state)
    await contact_rows.flush(tx, state)
    await history_rows.flush(tx, state)
    await list_rows.flush(tx, state)
    await api_token_rows.flush(tx, state)
    await release_rows.flush(tx, state)
    await assignment_rows.flush(tx, state)


def _newest_author_times(state: BatchState) -> dict[DeviceId, int]:
    """Per author, the newest `author_time` among the records this batch stores (its "last
    seen"; records it could not read carry none)."""
    newest: dict[DeviceId, int] = {}
    for record, _ in state.events:
        at = record.author_time
        if at is not None and at > newest.get(record.author, -1):
            newest[record.author] = at
    return newest


def _count_deltas(state: BatchState) -> list[tuple[int, bytes, int]]:
    """How the changed conversations moved between the tab-count buckets."""
    deltas: dict[tuple[int, bytes], int] = {}
    for cid in state.changed_conversations:
        before = state.loaded_buckets.get(cid)
        conv = state.conversations[cid]
        after = (conv.state, conv.assignee)
        if before == after:
            continue
        for bucket, step in ((before, -1), (after, 1)):
            if bucket is not None:
                key = (int(bucket[0]), bytes(bucket[1] or b""))
                deltas[key] = deltas.get(key, 0) + step
    return [(s, a, n) for (s, a), n in deltas.items() if n]


def _update_params(state: BatchState, event_id: EventId) -> tuple[object, ...]:
    m = state.messages[event_id]
    content = None if m.content is None else content_to_json(m.content)
    return (
        m.position,
        m.text,
        m.at,
        m.author,
        m.wamid,
        int(m.status),
        m.error_code,
        int(m.kind),
        content,
        event_id,
    )
