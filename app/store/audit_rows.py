"""The audit trail's SQL: pages of audited records, newest first, and the bytes to check them.

Each audited record carries its action in `events.audit_action` (written by `batch.flush` from
`app.log.audit`); the partial `events_audit*` indexes hold only those, so a page is a seek and
a short walk whatever the filter. The team chain's links come page by page too; the services
parse them (`app.services.audit`).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import NEWEST as NEWEST
from app.domain.audit import AuditAction, AuditEntry, AuditFilter
from app.domain.ids import ConversationId, DeviceId
from app.log.audit import AuditFacts
from app.store.batch_customers import select_in
from app.store.db import Row, Tx

_COLUMNS = (
    "e.stream_seq, e.author, e.author_time, e.audit_action, e.audit_conversation, "
    "e.audit_target, e.audit_detail, cu.profile_name"
)
_SQL_PAGE = (
    f"SELECT {_COLUMNS} FROM events AS e INDEXED BY {{index}} "
    "LEFT JOIN conversations AS c ON c.conversation_id = e.audit_conversation "
    "LEFT JOIN customers AS cu ON cu.customer_id = c.customer_id "
    "WHERE e.audit_action IS NOT NULL AND e.stream_seq < ? {filters} "
    "ORDER BY e.stream_seq DESC LIMIT ?"
)
_SQL_CHAIN_PAGE = (
    "SELECT stream_seq, link FROM chain_links WHERE stream_seq < ? ORDER BY stream_seq DESC LIMIT ?"
)
_SQL_ENVELOPES = (
    "SELECT stream_seq, author, author_seq, envelope, envelope_hash FROM events "
    "WHERE stream_seq IN ({})"
)
_SQL_LINKS = "SELECT stream_seq, link FROM chain_links WHERE stream_seq IN ({})"


def audit_columns(facts: AuditFacts | None) -> tuple[object, object, object, int]:
    """The four audit columns of an events row."""
    if facts is None:
        return (None, None, None, 0)
    return (int(facts.action), facts.conversation_id, facts.target, facts.detail)


def _index(wanted: AuditFilter) -> str:
    """The partial index that yields this filter's rows already in log order, so a page stops
    after `limit` rows (SQLite would sort every match of two actions by itself)."""
    if wanted.conversation_id is not None:
        return "events_audit_by_conversation"
    if wanted.actor is not None:
        return "events_audit_by_author"
    if len(wanted.actions) == 1:
        return "events_audit_by_action"
    return "events_audit"


def _where(wanted: AuditFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if wanted.actor is not None:
        clauses.append("e.author = ?")
        params.append(wanted.actor)
    if wanted.actions:
        codes = sorted(int(a) for a in wanted.actions)
        clauses.append(f"e.audit_action IN ({', '.join('?' * len(codes))})")
        params += codes
    if wanted.conversation_id is not None:
        clauses.append("e.audit_conversation = ?")
        params.append(wanted.conversation_id)
    if wanted.since is not None:
        clauses.append("coalesce(e.author_time, 0) >= ?")
        params.append(wanted.since)
    if wanted.until is not None:
        clauses.append("coalesce(e.author_time, 0) < ?")
        params.append(wanted.until)
    return "".join(f" AND {c}" for c in clauses), params


def _entry(row: Row) -> AuditEntry:
    conversation = row["audit_conversation"]
    target = row["audit_target"]
    return AuditEntry(
        seq=int(row["stream_seq"]),
        at=int(row["author_time"] or 0),
        actor=DeviceId(bytes(row["author"])),
        action=AuditAction(int(row["audit_action"])),
        conversation_id=None if conversation is None else ConversationId(bytes(conversation)),
        target=None if target is None else DeviceId(bytes(target)),
        detail=int(row["audit_detail"]),
        customer=str(row["profile_name"] or ""),
    )


async def page(tx: Tx, wanted: AuditFilter, before: int, limit: int) -> list[AuditEntry]:
    """Up to `limit` audited records older than stream sequence `before`, newest first."""
    filters, params = _where(wanted)
    sql = _SQL_PAGE.format(index=_index(wanted), filters=filters)
    rows = await tx.fetchall(sql, (before, *params, limit))
    return [_entry(row) for row in rows]


async def chain_page(tx: Tx, before: int, limit: int) -> list[tuple[int, bytes]]:
    """Up to `limit` team-chain links older than stream sequence `before`, newest first."""
    rows = await tx.fetchall(_SQL_CHAIN_PAGE, (before, limit))
    return [(int(row[0]), bytes(row[1])) for row in rows]


@dataclass(frozen=True, slots=True)
class StoredEnvelope:
    """An audited record as the sync stored it, for checking it again."""

    seq: int
    author: DeviceId
    author_seq: int
    envelope: bytes
    envelope_hash: bytes


async def envelopes(tx: Tx, seqs: list[int]) -> list[StoredEnvelope]:
    """The stored envelopes at these stream sequences (those the replica has)."""
    rows = await select_in(tx, _SQL_ENVELOPES, seqs)
    return [
        StoredEnvelope(
            int(row[0]), DeviceId(bytes(row[1])), int(row[2]), bytes(row[3]), bytes(row[4])
        )
        for row in rows
    ]


async def links(tx: Tx, seqs: list[int]) -> dict[int, bytes]:
    """The stored chain links at these stream sequences."""
    return {int(row[0]): bytes(row[1]) for row in await select_in(tx, _SQL_LINKS, seqs)}
