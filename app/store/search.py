"""Full-text search over the replica's messages (`messages_fts`, FTS5 inside the encrypted file).

Newest first by `messages.id`, which grows with arrival order and is the index's rowid. The
index is walked backwards by rowid and stops after one page (`rowid < ?` is the keyset); only
that page is joined to messages and customers and given its snippet. Sorting the matches by any
other column would read every match of a common word before returning the first page.
"""

from __future__ import annotations

from app.domain.ids import ConversationId, DeviceId, EventId
from app.domain.model import Direction
from app.domain.search import SearchHit, SearchQuery, SnippetPart
from app.store.db import Row, Tx
from app.store.rows import CUSTOMER_NAME_SQL

MATCH_START = "\ue000"
MATCH_END = "\ue001"
"""Private-use characters marking matches in `snippet()`'s output. A message could hold them
too; then a stretch is wrongly highlighted, never wrongly shown: parts are plain text."""
SNIPPET_TOKENS = 12
"""Words of context `snippet()` keeps around the matches (FTS5 allows up to 64)."""
_NO_BOUND = (1 << 63) - 1

_SQL_FTS_PAGE = (
    "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid < ? "
    "ORDER BY rowid DESC LIMIT ?"
)
_SNIPPET = f"snippet(messages_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_TOKENS})"
_HIT_SQL = (
    "SELECT m.id, m.event_id, m.conversation_id, m.direction, m.author, m.at, m.position, "
    f"{CUSTOMER_NAME_SQL}, f.snippet "
    "FROM ({page}) AS f "
    "JOIN messages AS m ON m.id = f.rowid "
    "JOIN conversations AS c ON c.conversation_id = m.conversation_id "
    "JOIN customers AS cu ON cu.customer_id = c.customer_id "
    "ORDER BY f.rowid DESC"
)
# The page is chosen inside the subquery, where LIMIT stops the backwards walk of the index and
# snippet() runs for the page's rows only; joined outside, SQLite would sort every match first.
# (A `rowid IN (…)` lookup per row is no better: FTS5 re-runs the whole query for each.)
_SQL_GLOBAL = _HIT_SQL.format(
    page=f"SELECT rowid, {_SNIPPET} AS snippet FROM messages_fts "
    "WHERE messages_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?"
)
# One conversation: the same walk, kept to the span of rowids the conversation's messages
# occupy, each match tested against the conversation's ids. SQLite lists those ids once (a
# covering walk of messages_by_position, plus a Bloom filter); the unary + stops it from
# turning the IN into one full-text query per id instead. Joining messages per match costs a
# (decrypted) B-tree lookup each: 20 to 50 times slower for a customer who has written for
# years, whose span is the whole history.
_SQL_CONVERSATION = _HIT_SQL.format(
    page=f"SELECT rowid, {_SNIPPET} AS snippet FROM messages_fts "
    "WHERE messages_fts MATCH ? AND rowid < ? AND rowid >= ? "
    "AND +rowid IN (SELECT id FROM messages WHERE conversation_id = ?) "
    "ORDER BY rowid DESC LIMIT ?"
)
# A covering walk of messages_by_position (the rowid is in every index entry).
_SQL_SPAN = "SELECT min(id), max(id) FROM messages WHERE conversation_id = ?"


def fts_query(query: SearchQuery) -> str:
    """The FTS5 query for `query`: each word a quoted phrase (no syntax survives), all required,
    the last one a prefix while it is being typed."""
    phrases = ['"' + word.replace('"', '""') + '"' for word in query.words]
    if phrases and query.prefix_last:
        phrases[-1] += "*"
    return " ".join(phrases)


async def search(
    tx: Tx,
    query: SearchQuery,
    conversation_id: ConversationId | None,
    before: int | None,
    limit: int,
) -> list[SearchHit]:
    """Up to `limit` messages matching `query`, newest first, older than the hit whose `order`
    is `before` (None: from the newest); only `conversation_id`'s when given."""
    if query.empty or limit <= 0:
        return []
    match = fts_query(query)
    bound = _NO_BOUND if before is None else before
    if conversation_id is None:
        rows = await tx.fetchall(_SQL_GLOBAL, (match, bound, limit))
        return [_hit(row) for row in rows]
    span = await tx.fetchone(_SQL_SPAN, (conversation_id,))
    if span is None or span[0] is None:
        return []
    bound = min(bound, int(span[1]) + 1)
    params = (match, bound, int(span[0]), conversation_id, limit)
    return [_hit(row) for row in await tx.fetchall(_SQL_CONVERSATION, params)]


async def floor(tx: Tx, match: str, limit: int) -> list[int]:
    """The bare index scan under `search` (first page of rowids): what no search can beat."""
    rows = await tx.fetchall(_SQL_FTS_PAGE, (match, _NO_BOUND, limit))
    return [int(row[0]) for row in rows]


def _hit(row: Row) -> SearchHit:
    return SearchHit(
        event_id=EventId(bytes(row["event_id"])),
        conversation_id=ConversationId(bytes(row["conversation_id"])),
        customer_name=str(row["customer_name"]),
        direction=Direction(row["direction"]),
        author=None if row["author"] is None else DeviceId(bytes(row["author"])),
        at=int(row["at"]),
        position=int(row["position"]),
        snippet=snippet_parts(str(row["snippet"])),
        order=int(row["id"]),
    )


def snippet_parts(marked: str) -> tuple[SnippetPart, ...]:
    """Split `snippet()`'s output at the match markers into plain and matched stretches."""
    parts: list[SnippetPart] = []
    for i, piece in enumerate(marked.split(MATCH_START)):
        matched, _, rest = piece.rpartition(MATCH_END) if i else ("", "", piece)
        if matched:
            parts.append(SnippetPart(matched.replace(MATCH_END, ""), True))
        if rest:
            parts.append(SnippetPart(rest, False))
    return tuple(parts)
