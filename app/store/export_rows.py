"""Reading conversations for an export, oldest message first, page by page (issue 12 item 7).

Keyset pages throughout (conversation id, then message position), so an export of a long
history holds one page in memory and never sorts a table.
"""

from __future__ import annotations

from app.domain.ids import ConversationId
from app.domain.model import Message
from app.store.db import Tx
from app.store.rows import MESSAGE_VIEW_COLUMNS, MESSAGE_VIEW_JOINS, message_view_from_row

_SQL_CONVERSATIONS = (
    "SELECT conversation_id FROM conversations WHERE conversation_id > ? "
    "ORDER BY conversation_id LIMIT ?"
)
_SQL_COUNTS = "SELECT count(*), coalesce(sum(message_count), 0) FROM conversations"
# Our own replies not yet in the log sit above 2^62 (migration 0001): not part of the history.
_SQL_MESSAGES = (
    f"SELECT {MESSAGE_VIEW_COLUMNS} FROM messages AS m {MESSAGE_VIEW_JOINS} "
    "WHERE m.conversation_id = ? AND m.position > ? AND m.position < (1 << 62) "
    "ORDER BY m.position LIMIT ?"
)


async def conversation_ids(tx: Tx, after: bytes, limit: int) -> list[ConversationId]:
    """Up to `limit` conversation ids above `after` (b"" for the first), in id order."""
    rows = await tx.fetchall(_SQL_CONVERSATIONS, (after, limit))
    return [ConversationId(bytes(row[0])) for row in rows]


async def totals(tx: Tx) -> tuple[int, int]:
    """How many conversations the replica holds, and their customers' and agents' messages
    (the fold's counts: what a progress bar can aim at)."""
    row = await tx.fetchone(_SQL_COUNTS)
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


async def messages_after(
    tx: Tx, conversation_id: ConversationId, after_position: int, limit: int
) -> list[Message]:
    """Up to `limit` of the conversation's messages after `after_position`, oldest first."""
    rows = await tx.fetchall(_SQL_MESSAGES, (conversation_id, after_position, limit))
    return [message_view_from_row(row) for row in rows]
