"""`switchboard bench search`: one-word searches on a replica of N messages, beside the floor.

The file is a real SQLCipher replica made by the store's own migrations; the messages go in
through its schema in one transaction and are indexed in it (`app.store.fts`). Each
query is then timed through `Replica.search` (what the desk calls, first page) and as the bare
FTS5 scan that page needs (`app.store.search.floor`), on the same file.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.bench import corpus
from app.bench.report import Better, Figure, Goal, Report, Row
from app.domain.ids import ConversationId
from app.domain.search import parse_query
from app.store import fts, search
from app.store.db import Database
from app.store.replica import Replica

BENCH_KEY = hashlib.sha256(b"switchboard bench replica").digest()
"""A fixed key: the bench file holds made-up traffic only, and --reuse must open it again."""
MESSAGES_META = "bench.search.messages"
MESSAGES_PER_CONVERSATION = 50
PAGE = 50
"""Hits per page, as the search panel asks for them."""
TARGET_P95_MS = 50.0
TARGET_MESSAGES = 1_000_000
_CHUNK = 20_000
_ACTIVE = 400
"""Conversations taking messages at the same time."""
REGULARS = 5
"""The first conversations are also those of customers who write all along."""
_REGULAR_EVERY = 100

_SQL_CUSTOMER = (
    "INSERT INTO customers (customer_id, conversation_id, wa_id, profile_name) VALUES (?, ?, ?, ?)"
)
_SQL_CONVERSATION = (
    "INSERT INTO conversations (conversation_id, customer_id, last_text, last_at, message_count) "
    "VALUES (?, ?, '', 0, 0)"
)
_SQL_MESSAGE = (
    "INSERT INTO messages (id, event_id, conversation_id, position, direction, text, at, status) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 3)"
)


@dataclass(frozen=True, slots=True)
class Figures:
    """Milliseconds at the 50th, 95th and 99th percentile."""

    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Figures:
        ordered = sorted(samples)

        def at(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

        return cls(at(0.50), at(0.95), at(0.99))

    def ratio(self, floor: Figures) -> Figures:
        """The share of the floor's speed each figure keeps: floor ÷ figure, so 1.00 is the
        floor and 0.25 four times slower, as every bench's ratio reads (docs/bench.md)."""

        def share(value: float, base: float) -> float:
            return base / value if value > 0 else float("nan")

        return Figures(
            share(self.p50, floor.p50), share(self.p95, floor.p95), share(self.p99, floor.p99)
        )


async def run(
    path: Path,
    messages: int,
    queries: int,
    *,
    reuse: bool,
    out: TextIO,
    seed: int = 11,
    as_json: bool = False,
) -> Figures:
    """Build (or reuse) the file, time `queries` searches of each kind, print the table and the
    headline (or one JSON object, with building told on stderr); returns the figures of whole
    one-word searches over all conversations (the issue's target)."""
    built = await _ensure_file(path, messages, reuse, sys.stderr if as_json else out)
    words = choose_words(queries, seed)
    replica = await Replica.open(path, BENCH_KEY)
    db = await Database.connect(path, BENCH_KEY)
    try:
        conversations = await _sample_conversations(db, len(words), seed)
        await _warm_up(replica, words[:5])
        rows: list[tuple[str, Figures]] = []
        for label, typed in (("whole word", " "), ("word being typed", "")):
            texts = [word + typed for word in words]
            product = Figures.of([await _time_product(replica, t, None) for t in texts])
            floor = Figures.of([await _time_floor(db, t) for t in texts])
            rows += [(f"{label}, all conversations", product), ("  FTS5 floor", floor)]
            rows.append(("  ratio to the floor", product.ratio(floor)))
        scoped = [
            await _time_product(replica, w + " ", c)
            for w, c in zip(words, conversations, strict=True)
        ]
        rows.append(("whole word, one conversation", Figures.of(scoped)))
        regulars = await _regulars(db)
        lifelong = [
            await _time_product(replica, w + " ", regulars[n % len(regulars)])
            for n, w in enumerate(words)
        ]
        rows.append(("  a regular's (years long)", Figures.of(lifelong)))
    finally:
        await db.close()
        await replica.close()
    report = search_report(path, messages, built, len(words), rows)
    if as_json:
        report.print(out, as_json=True)
    else:
        _print_table(out, path, messages, built, len(words), rows)
        print(report.headline_text(), file=out, flush=True)
    return rows[0][1]


def search_report(
    path: Path, messages: int, built: float | None, queries: int, rows: list[tuple[str, Figures]]
) -> Report:
    """The figures as a bench `Report`: each percentile beside the FTS5 floor's."""
    whole, whole_floor, _, typed, typed_floor, _, scoped, regular = (f for _, f in rows)
    table: list[Row] = []
    for label, product, floor in (
        ("whole word", whole, whole_floor),
        ("word being typed", typed, typed_floor),
    ):
        for name in ("p50", "p95", "p99"):
            table.append(
                Row(
                    f"{label}, all conversations, {name}",
                    Figure(getattr(product, name), "ms", f"{name} of a whole word"),
                    Figure(getattr(floor, name), "ms", "FTS5 floor"),
                    Better.LOWER,
                )
            )
    table.append(Row("whole word, one conversation, p95", Figure(scoped.p95, "ms")))
    table.append(Row("whole word, a regular's, p95", Figure(regular.p95, "ms")))
    headline = table[1]
    how = "reused" if built is None else f"built in {built:.0f} s"
    return Report(
        "search",
        {"messages": messages, "queries": queries},
        tuple(table),
        headline,
        Goal(
            f"p95 ≤ {TARGET_P95_MS:.0f} ms on {TARGET_MESSAGES:,} messages",
            whole.p95 <= TARGET_P95_MS,
            at_size=messages >= TARGET_MESSAGES,
        ),
        notes=(f"{path} ({how}); first page of {PAGE} hits",),
    )


def choose_words(count: int, seed: int) -> list[str]:
    """One-word queries, a third each from the common, medium and rare words."""
    rng = random.Random(seed)
    vocabulary = corpus.Vocabulary()
    bands = (vocabulary.common, vocabulary.medium, vocabulary.rare)
    return [rng.choice(bands[n % 3]) for n in range(count)]


async def _ensure_file(path: Path, messages: int, reuse: bool, out: TextIO) -> float | None:
    """Seconds spent building, or None when an existing file of the same size was reused."""
    if reuse and await asyncio.to_thread(path.exists):
        replica = await Replica.open(path, BENCH_KEY)
        try:
            held = await replica.get_meta(MESSAGES_META)
        finally:
            await replica.close()
        if held is not None and int(held) == messages:
            print(f"reusing {path} ({messages:,} messages)", file=out, flush=True)
            return None
    started = time.perf_counter()
    await build(path, messages, out)
    return time.perf_counter() - started


async def build(
    path: Path, messages: int, out: TextIO, conversations_count: int | None = None
) -> None:
    """A fresh replica at `path` holding `messages` messages in `conversations_count`
    conversations (default: about 50 messages each)."""
    await asyncio.to_thread(_remove, path)
    await (await Replica.open(path, BENCH_KEY)).close()  # the schema, by the store's migrations
    count = conversations_count or max(1, messages // MESSAGES_PER_CONVERSATION)
    conversations = [_conversation_id(n) for n in range(count)]
    db = await Database.connect(path, BENCH_KEY)
    try:
        async with db.write() as tx:
            await tx.executemany(_SQL_CUSTOMER, _customers(conversations))
            await tx.executemany(
                _SQL_CONVERSATION, ((c, f"CB.{n:08d}") for n, c in enumerate(conversations))
            )
            done, shown = 0, 0
            for chunk in _chunks(_message_rows(messages, conversations), _CHUNK):
                done += await tx.executemany(_SQL_MESSAGE, chunk)
                if done * 10 // messages > shown or done == messages:  # every tenth
                    shown = done * 10 // messages
                    print(f"  stored {done:,} of {messages:,} messages", file=out, flush=True)
            await fts.index_some(tx, messages)
            await tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (MESSAGES_META, str(messages).encode()),
            )
    finally:
        await db.close()


def _remove(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _conversation_id(n: int) -> ConversationId:
    return ConversationId(hashlib.sha256(b"bench:%d" % n).digest()[:16])


def _customers(conversations: list[ConversationId]) -> Iterator[tuple[object, ...]]:
    for n, conversation in enumerate(conversations):
        yield f"CB.{n:08d}", conversation, f"49151{n:08d}", corpus.customer_name(n)


def _message_rows(count: int, conversations: list[ConversationId]) -> Iterator[tuple[object, ...]]:
    rng = random.Random(3)
    for n, text in enumerate(corpus.messages(count)):
        # Customers write in bursts: at any time some hundreds of conversations are active.
        # A few regulars write all along: their conversations span the whole history.
        middle = n * len(conversations) // count
        near = middle + rng.randrange(-_ACTIVE // 2, _ACTIVE // 2 + 1)
        conversation = conversations[min(max(near, 0), len(conversations) - 1)]
        if n % _REGULAR_EVERY == 0:
            conversation = conversations[rng.randrange(min(REGULARS, len(conversations)))]
        direction = 1 if n % 3 else 2
        yield n + 1, n.to_bytes(16, "big"), conversation, n + 1, direction, text, 1_700_000_000 + n


def _chunks(rows: Iterator[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    chunk: list[tuple[object, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _regulars(db: Database) -> list[ConversationId]:
    ids = [_conversation_id(n) for n in range(REGULARS)]
    async with db.read() as tx:
        rows = await tx.fetchall("SELECT conversation_id FROM conversations")
    held = {bytes(row[0]) for row in rows}
    return [c for c in ids if c in held]


async def _sample_conversations(db: Database, count: int, seed: int) -> list[ConversationId]:
    async with db.read() as tx:
        rows = await tx.fetchall("SELECT conversation_id FROM conversations")
    ids = [ConversationId(bytes(row[0])) for row in rows]
    rng = random.Random(seed)
    return [rng.choice(ids) for _ in range(count)]


async def _warm_up(replica: Replica, words: list[str]) -> None:
    for word in words:
        await replica.search(parse_query(word), None, None, PAGE)


async def _time_product(replica: Replica, typed: str, conversation: ConversationId | None) -> float:
    started = time.perf_counter()
    await replica.search(parse_query(typed), conversation, None, PAGE)
    return time.perf_counter() - started


async def _time_floor(db: Database, typed: str) -> float:
    match = search.fts_query(parse_query(typed))
    started = time.perf_counter()
    async with db.read() as tx:
        await search.floor(tx, match, PAGE)
    return time.perf_counter() - started


def _print_table(
    out: TextIO,
    path: Path,
    messages: int,
    built: float | None,
    queries: int,
    rows: list[tuple[str, Figures]],
) -> None:
    how = "reused" if built is None else f"built in {built:.0f} s"
    print(f"\nsearch: {messages:,} messages in {path} ({how})", file=out)
    print(
        f"{queries} one-word queries (common, medium and rare words), first page of {PAGE} hits",
        file=out,
    )
    print(f"\n{'':36}{'p50':>10}{'p95':>10}{'p99':>10}", file=out)
    for label, figures in rows:
        cells = (figures.p50, figures.p95, figures.p99)
        shown = [f"{c:10.2f}" if "ratio" in label else f"{c:7.1f} ms" for c in cells]
        print(f"{label:36}{''.join(shown)}", file=out)
    product = rows[0][1]
    verdict = "met" if product.p95 <= TARGET_P95_MS else "NOT met"
    scale = "" if messages >= TARGET_MESSAGES else f" (measured on {messages:,})"
    print(
        f"\ntarget: p95 of a whole one-word search ≤ {TARGET_P95_MS:.0f} ms on "
        f"{TARGET_MESSAGES:,} messages: {verdict}{scale}",
        file=out,
        flush=True,
    )
