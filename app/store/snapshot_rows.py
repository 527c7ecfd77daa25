"""The records a snapshot packs (security.md 2.12 part 4): what this desk stored, in stream order.

Every accepted envelope sits in `events` and every validated team-chain link in `chain_links`,
each under the stream sequence the hub stored it at; together, in stream order, they are the
original log as this desk received it (records it refused are not kept, and a newcomer would
refuse them too).
"""

from __future__ import annotations

from app.store.db import Tx

_SQL_PAGE = (
    "SELECT stream_seq, subject, envelope FROM events WHERE stream_seq > ?1 AND stream_seq <= ?2 "
    "UNION ALL "
    "SELECT stream_seq, ?3, link FROM chain_links WHERE stream_seq > ?1 AND stream_seq <= ?2 "
    "ORDER BY stream_seq LIMIT ?4"
)


async def records_page(
    tx: Tx, after: int, up_to: int, chain_subject: str, limit: int
) -> list[tuple[int, str, bytes]]:
    """Up to `limit` stored records with `after < seq <= up_to`, in stream order, as
    (seq, subject, bytes); links carry `chain_subject`."""
    rows = await tx.fetchall(_SQL_PAGE, (after, up_to, chain_subject, limit))
    return [(int(row[0]), str(row[1]), bytes(row[2])) for row in rows]
