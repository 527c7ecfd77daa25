"""One replica opening in a fresh process, for `switchboard bench replica`.

``python -m app.bench.replica_probe MODE FILE`` prints one JSON object on stdout:

- ``record``: the SQL the product runs to open the replica and show the first queue page,
  traced from the connection (the key statement left out), as a list of statements;
- ``product``: milliseconds for that opening through `Replica`, and the peak RSS in MB;

and `app.bench.bare_sql` runs the recorded statements with bare sqlcipher3 as the floor.

A fresh process per opening, so that Python's and SQLite's caches start empty each time; the
interpreter's start and imports are not timed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from app.bench.bare_sql import peak_rss_mb
from app.bench.search_bench import BENCH_KEY
from app.domain.ids import ID_LEN, DeviceId
from app.domain.model import QueueView
from app.store.replica import Replica

ME = DeviceId(bytes(ID_LEN))
FIRST_PAGE = 50
"""Rows of the queue the window asks for first."""
_KEYING = ("PRAGMA KEY", "PRAGMA CIPHER_")
"""Statements that key the connection: `bare_sql.keyed` runs its own (the product's first try
of a page HMAC may fail on an older replica)."""


async def open_like_a_desk(path: Path) -> None:
    """What a desk reads from its replica before its window can show the queue."""
    replica = await Replica.open(path, BENCH_KEY)
    try:
        await replica.cursor()
        for view in QueueView:
            await replica.conversation_count(view, me=ME)
        await replica.conversation_page(QueueView.UNASSIGNED, 0, FIRST_PAGE, me=ME)
    finally:
        await replica.close()


def record(path: Path) -> list[str]:
    statements: list[str] = []
    connect = sqlcipher.connect  # the store opens its connection through this module

    def traced(*args: Any, **kwargs: Any) -> Any:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    sqlcipher.connect = traced  # this process only traces, it times nothing
    try:
        asyncio.run(open_like_a_desk(path))
    finally:
        sqlcipher.connect = connect
    return [s for s in statements if not s.lstrip().upper().startswith(_KEYING)]


def product(path: Path) -> float:
    started = time.perf_counter()
    asyncio.run(open_like_a_desk(path))
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    if mode == "record":
        print(json.dumps(record(path)))
        return
    seconds = product(path)
    print(json.dumps({"ms": seconds * 1000, "rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
