"""The SQL of customers' edits and deletions: `customer_edits` rows around the fold, and the
earlier versions a view asks for (`app.log.customer_changes` decides what they mean)."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.content import Content
from app.domain.ids import Wamid
from app.log.state import BatchState
from app.log.values import StoredEdit
from app.store.content_rows import content_from_json, content_to_json
from app.store.db import Row, Tx

LOAD_SQL = (
    "SELECT target_wamid, stream_seq, at, content FROM customer_edits "
    "WHERE target_wamid IN ({}) ORDER BY target_wamid, at, stream_seq"
)
_SQL_DROP = "DELETE FROM customer_edits WHERE target_wamid = ?"
_SQL_INSERT = (
    "INSERT OR IGNORE INTO customer_edits (target_wamid, stream_seq, at, content) "
    "VALUES (?, ?, ?, ?)"
)
_SQL_VERSIONS = (
    "SELECT at, content FROM customer_edits WHERE target_wamid = ? AND content IS NOT NULL "
    "ORDER BY at, stream_seq"
)
EDITED_SQL = (
    "EXISTS (SELECT 1 FROM customer_edits AS e WHERE e.target_wamid = m.wamid "
    "AND e.content IS NOT NULL) AS edited"
)
"""A view column: whether the message has versions (was edited, and not deleted since)."""


def edit_from_row(row: Row) -> StoredEdit:
    content = row["content"]
    return StoredEdit(
        target=Wamid(str(row["target_wamid"])),
        seq=int(row["stream_seq"]),
        at=int(row["at"]),
        content=None if content is None else content_from_json(bytes(content)),
    )


def load(rows: Iterable[Row], state: BatchState) -> None:
    """Put rows selected with `LOAD_SQL` into the batch, oldest first."""
    for edit in map(edit_from_row, rows):
        state.edits.setdefault(edit.target, []).append(edit)


async def flush(tx: Tx, state: BatchState) -> None:
    """Drop what deletions dropped, then write the new versions (a deletion's own row too)."""
    if state.dropped_edits:
        await tx.executemany(_SQL_DROP, ((w,) for w in state.dropped_edits))
    if state.new_edits:
        await tx.executemany(_SQL_INSERT, map(_params, state.new_edits))


def _params(edit: StoredEdit) -> tuple[object, ...]:
    content = None if edit.content is None else content_to_json(edit.content)
    return (edit.target, edit.seq, edit.at, content)


async def versions(tx: Tx, wamid: Wamid) -> list[tuple[int, Content]]:
    """Every version of a message the customer edited, oldest first (Meta's time, content);
    empty for a message never edited, or deleted since."""
    rows = await tx.fetchall(_SQL_VERSIONS, (wamid,))
    return [(int(r["at"]), content_from_json(bytes(r["content"]))) for r in rows]
