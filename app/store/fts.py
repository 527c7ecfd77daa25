"""Full-text indexing after the fact: messages reach `messages_fts` in batches of their own.

Indexing a message in the transaction that applies it cost a live batch about a fifth of its
pages (FTS5 writes a new segment and its structure record at every commit) and its CPU. So
apply only stores messages, and `index_some` indexes, in message id order, what lies above
`fts_state.indexed_to`, moving the mark in the same transaction: a crash leaves every message
either indexed or above the mark, never both or neither (migration 0011 has the triggers that
keep indexed messages in step when their text changes or they are deleted). The mark never
stays above the largest message id (a delete lowers it, migration 0024), so a new message, even
one that takes a deleted id again, always lands above it: inserts need no trigger, which would
make SQLite journal every page a message insert touches.

`SearchIndexer` runs `index_some` a moment after applies, so one transaction indexes everything
that arrived meanwhile; a search first indexes whatever still waits, so it never misses an
applied message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.aio import cancel_and_wait
from app.domain.errors import StoreClosed, SwitchboardError
from app.store.db import Tx

log = logging.getLogger(__name__)

CHUNK = 4096
"""Messages per indexing transaction: big enough that FTS5 flushes few segments, small enough
(tens of milliseconds) that an apply waiting for the connection is not held up for long."""
PAUSE = 0.5
"""Seconds from the first apply that left messages unindexed to the indexing run: what arrives
meanwhile is indexed in the same transaction. A search does not wait for it."""

_SQL_MARK = "SELECT indexed_to FROM fts_state WHERE id = 1"
_SQL_NEXT = (
    "SELECT count(*), max(id) FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?)"
)
_SQL_INDEX = (
    "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id > ? AND id <= ?"
)
_SQL_MOVE = "UPDATE fts_state SET indexed_to = ? WHERE id = 1"
_SQL_WAITING = (
    "SELECT EXISTS (SELECT 1 FROM messages WHERE id > (SELECT indexed_to FROM fts_state))"
)


async def index_some(tx: Tx, limit: int = CHUNK) -> int:
    """Index up to `limit` messages above the mark and move it; returns how many."""
    mark = int(await tx.fetchval(_SQL_MARK))
    row = await tx.fetchone(_SQL_NEXT, (mark, limit))
    if row is None or not row[0]:
        return 0
    count, top = int(row[0]), int(row[1])
    await tx.execute(_SQL_INDEX, (mark, top))
    await tx.execute(_SQL_MOVE, (top,))
    return count


async def waiting(tx: Tx) -> bool:
    """Whether any message still waits to be indexed."""
    return bool(await tx.fetchval(_SQL_WAITING))


IndexRun = Callable[[], Awaitable[int]]
"""One indexing transaction (`index_some` on the replica's connection); returns how many."""


class SearchIndexer:
    """Indexes what applies left unindexed, `PAUSE` after the first of them, until none waits.

    `poke` after each apply that stored messages; `close` before the connection closes.
    """

    def __init__(self, run: IndexRun, pause: float = PAUSE) -> None:
        self._run = run
        self._pause = pause
        self._task: asyncio.Task[None] | None = None
        self._poked = False
        self._closed = False
        self._pokes = 1
        """Pokes so far, counting one for what an earlier session may have left unindexed."""
        self._caught_up_at = 0
        """`_pokes` when the last catch-up began that found nothing more waiting."""

    def poke(self) -> None:
        """Messages were stored: index them soon (one run covers every poke until it starts)."""
        if self._closed:
            return
        self._poked = True
        self._pokes += 1
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._index_soon(), name="replica-search-indexer")

    async def catch_up(self) -> None:
        """Index everything that waits, now (a search is about to read the index). Without a
        poke since the last catch-up nothing can wait, and the connection is not used."""
        pokes = self._pokes
        if pokes == self._caught_up_at:
            return
        while await self._run() >= CHUNK:
            pass
        self._caught_up_at = pokes

    async def close(self) -> None:
        self._closed = True
        await cancel_and_wait(self._task)

    async def _index_soon(self) -> None:
        while self._poked:  # a poke during a run asks for one more
            self._poked = False
            await asyncio.sleep(self._pause)  # gathering what arrives meanwhile into one run
            try:
                await self.catch_up()
            except StoreClosed:
                return
            except SwitchboardError as err:  # a full disk, say: the next poke tries again
                log.warning("search indexing put off: %s", type(err).__name__)
