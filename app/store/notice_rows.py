"""The SQL of admins' notices: `admin_notices` rows from the fold, and the list admins read
(newest first, with how far this desk has read them)."""

from __future__ import annotations

from app.domain.admin_notice import AdminNotice, ListedNotice, NoticeTopic
from app.log.kinds.admin_notice import notice_key
from app.log.state import BatchState
from app.store.db import Row, Tx

_COLUMNS = (
    "topic, event, subject, language, previous, current, reason, detail, advice, code, until, at"
)
# A redelivered notice (the same key) is kept once, at the sequence it first came.
_SQL_INSERT = (
    f"INSERT OR IGNORE INTO admin_notices (stream_seq, notice_key, {_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQL_READ_UP_TO = "SELECT coalesce(max(stream_seq), 0) FROM admin_notices_read"
_SQL_PAGE = f"SELECT stream_seq, {_COLUMNS} FROM admin_notices ORDER BY stream_seq DESC LIMIT ?"
_SQL_UNREAD = "SELECT count(*) FROM admin_notices WHERE stream_seq > ?"
_SQL_MARK_READ = (
    "INSERT INTO admin_notices_read (id, stream_seq) VALUES (1, ?) "
    "ON CONFLICT (id) DO UPDATE SET stream_seq = max(stream_seq, excluded.stream_seq)"
)


async def flush(tx: Tx, state: BatchState) -> None:
    """Write the batch's notices (a copy of one already kept is dropped)."""
    if state.admin_notices:
        await tx.executemany(_SQL_INSERT, (_params(n, seq) for n, seq in state.admin_notices))


def _params(n: AdminNotice, seq: int) -> tuple[object, ...]:
    return (
        seq,
        notice_key(n, seq),
        int(n.topic),
        n.event,
        n.subject,
        n.language,
        n.previous,
        n.current,
        n.reason,
        n.detail,
        n.advice,
        n.code,
        n.until,
        n.at,
    )


def _from_row(row: Row, read_up_to: int) -> ListedNotice:
    notice = AdminNotice(
        topic=NoticeTopic(row["topic"]),
        event=str(row["event"]),
        subject=str(row["subject"]),
        language=str(row["language"]),
        previous=str(row["previous"]),
        current=str(row["current"]),
        reason=str(row["reason"]),
        detail=str(row["detail"]),
        advice=str(row["advice"]),
        code=int(row["code"]),
        until=int(row["until"]),
        at=int(row["at"]),
    )
    seq = int(row["stream_seq"])
    return ListedNotice(notice, seq, unread=seq > read_up_to)


async def _read_up_to(tx: Tx) -> int:
    row = await tx.fetchone(_SQL_READ_UP_TO)
    assert row is not None  # an aggregate always answers
    return int(row[0])


async def newest(tx: Tx, limit: int) -> list[ListedNotice]:
    """Up to `limit` notices, the newest first, each marked unread or not."""
    read_up_to = await _read_up_to(tx)
    return [_from_row(row, read_up_to) for row in await tx.fetchall(_SQL_PAGE, (limit,))]


async def unread(tx: Tx) -> int:
    """How many notices came after the last one this desk's admin read."""
    row = await tx.fetchone(_SQL_UNREAD, (await _read_up_to(tx),))
    assert row is not None
    return int(row[0])


async def mark_read(tx: Tx, up_to_seq: int) -> None:
    """Every notice up to `up_to_seq` has been seen (never moves back)."""
    await tx.execute(_SQL_MARK_READ, (up_to_seq,))
