"""CPU of the replica's SQLite thread per live-like message (issue 8), through the real apply path.

    PYTHONPATH=$PWD .venv/bin/python scripts/apply_profile.py [--batches 400] [--size 20]
        [--warm 5000] [--customers 50] [--by-statement] [--profile FILE] [--pragma P ...]
        [--sizes 1,5,20,50] [--random-ids]

Like a desk in `bench live` (50 customers, short texts, random wamids, time-ordered event ids as
the gateway makes them, or random ones with `--random-ids`, batches of ~20): a fresh
replica is filled with `--warm` messages (catch-up batches of 500, not measured), then
`--batches` batches of `--size` texts are applied one by one with `Replica.apply_batch`; the
search indexer runs after every ~250 messages, as its PAUSE (0.5 s at 500/s) would. Prints the
SQLite thread's CPU per message (time.thread_time read on that thread, so other processes on the
machine do not count), apply and indexing apart, then the pages one live commit writes (measured
in a second pass that empties the WAL before each batch, so that pass is not timed).

`--by-statement` adds the thread CPU of each SQL statement (COMMIT is where SQLCipher encrypts
and authenticates every page written: about 17 µs a 4 KiB page here, against 3.6 µs for plain
SQLite); `--profile FILE` runs cProfile on the SQLite thread (its times are wall times);
`--pragma` runs a PRAGMA on the connection first (e.g. `--pragma wal_autocheckpoint=0`).
`--sizes` times each batch size in turn (on fresh replicas, same fill) and fits CPU per batch =
fixed + size × per-message by least squares: what a live batch costs whatever its size, and what
each message adds (the COMMIT's pages are part of both).
Not a bench: the figure `switchboard bench live` prints is "desk CPU per message, sqlite thread".
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import os
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import app.store.db as store_db  # noqa: E402
from app.domain.ids import EVENT_ID_RANDOM_LEN, EventId, time_ordered_event_id  # noqa: E402
from app.store.records import AppliedRecord  # noqa: E402
from app.store.replica import Replica  # noqa: E402
from tests.unit.store.builders import KEY, LogBuilder  # noqa: E402

WAL_HEADER = 32
FRAME_HEADER = 24


class TimeOrderedLog(LogBuilder):
    """Event ids as desks receive them from the gateway (`time_ordered_event_id`)."""

    def event_id(self) -> EventId:
        return time_ordered_event_id(time.time_ns() // 1_000_000, os.urandom(EVENT_ID_RANDOM_LEN))


def live_batch(log: LogBuilder, size: int, customers: int, at: int) -> list[AppliedRecord]:
    """`size` short texts from customers spread like the simulator's, with random wamids."""
    out = []
    for _ in range(size):
        n = (log.seq * 7919) % customers
        out.append(
            log.customer(
                f"m{log.seq}",
                customer=f"CC.c{n}",
                wa_id=f"49151{n:07d}",
                name=f"Customer {n}",
                at=at,
                wamid="wamid.SIM" + secrets.token_urlsafe(30),  # random, like Meta's
            )
        )
    return out


class StatementClock:
    """Thread CPU per SQL statement run through the store's one-trip `Tx` while `on`."""

    def __init__(self) -> None:
        self.on = False
        self.cpu: collections.Counter[str] = collections.Counter()
        self.calls: collections.Counter[str] = collections.Counter()

    def install(self) -> None:
        for name in ("fetchall", "execute", "executemany"):
            setattr(store_db._InlineTx, name, self._timed(getattr(store_db._InlineTx, name)))

    def _timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        async def timed(tx: Any, sql: str, params: Any = ()) -> Any:
            started = time.thread_time()
            result = await method(tx, sql, params)
            if self.on:
                self.cpu[sql[:80]] += time.thread_time() - started
                self.calls[sql[:80]] += 1
            return result

        return timed

    def report(self, messages: int) -> None:
        for sql, seconds in self.cpu.most_common(15):
            print(f"{seconds / messages * 1e6:7.1f} µs/msg {self.calls[sql]:6d}× {sql}")


async def on_thread(replica: Replica, fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn` on the replica's SQLite thread (aiosqlite's queue, as the store does)."""
    return await replica._db._conn._execute(fn, *args)


def raw_sql(replica: Replica, sql: str) -> Callable[[], Any]:
    return lambda: replica._db._conn._conn.execute(sql).fetchall()


async def fill(replica: Replica, log: LogBuilder, args: argparse.Namespace) -> int:
    at = 1_000
    for _ in range(args.warm // 500):
        at += 1
        await replica.apply_batch(live_batch(log, 500, args.customers, at), 0)
    while await replica.index_search() > 0:
        pass
    await on_thread(replica, raw_sql(replica, "PRAGMA wal_checkpoint(TRUNCATE)"))
    return at


async def timed_pass(replica: Replica, log: LogBuilder, args: argparse.Namespace, at: int) -> float:
    """Prints and returns the SQLite thread's apply CPU per batch (seconds)."""
    batches = [live_batch(log, args.size, args.customers, at + i) for i in range(args.batches)]
    clock = StatementClock() if args.by_statement else None
    if clock:
        clock.install()
        clock.on = True
    profile = cProfile.Profile() if args.profile else None
    apply_cpu = index_cpu = 0.0
    since_index = 0
    for records in batches:
        started = await on_thread(replica, time.thread_time)
        if profile:
            await on_thread(replica, profile.enable)
        await replica.apply_batch(records, 0)
        if profile:
            await on_thread(replica, profile.disable)
        apply_cpu += await on_thread(replica, time.thread_time) - started
        since_index += len(records)
        if since_index >= args.index_every:
            since_index = 0
            started = await on_thread(replica, time.thread_time)
            await replica.index_search()
            index_cpu += await on_thread(replica, time.thread_time) - started
    messages = args.batches * args.size
    print(
        f"sqlite thread: apply {apply_cpu / messages * 1e6:.1f} µs/msg, search indexing "
        f"{index_cpu / messages * 1e6:.1f} µs/msg, together "
        f"{(apply_cpu + index_cpu) / messages * 1e6:.1f} µs/msg ({messages:,} messages in "
        f"batches of {args.size})"
    )
    if clock:
        clock.on = False
        clock.report(messages)
    if profile:
        profile.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(20)
    return apply_cpu / args.batches


def fit(per_batch: dict[int, float]) -> tuple[float, float]:
    """Least squares of CPU per batch against batch size: (fixed, per message), seconds."""
    n = len(per_batch)
    mean_x = sum(per_batch) / n
    mean_y = sum(per_batch.values()) / n
    spread = sum((x - mean_x) ** 2 for x in per_batch)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in per_batch.items()) / spread
    return mean_y - slope * mean_x, slope


async def one_size(args: argparse.Namespace) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        replica = await Replica.open(Path(tmp) / "replica.db", KEY)
        try:
            replica._indexer.poke = lambda: None  # type: ignore[method-assign]  # indexed here
            for pragma in args.pragma:
                await on_thread(replica, raw_sql(replica, f"PRAGMA {pragma}"))
            log = LogBuilder() if args.random_ids else TimeOrderedLog()
            at = await fill(replica, log, args)
            per_batch = await timed_pass(replica, log, args, at)
            await pages_pass(replica, log, args, at + args.batches)
        finally:
            await replica.close()
        os.sync()
    return per_batch


async def pages_pass(replica: Replica, log: LogBuilder, args: argparse.Namespace, at: int) -> None:
    """Pages one live commit writes: the WAL is emptied before each batch, so it grows by
    exactly that commit's frames (no automatic checkpoint can fire meanwhile)."""
    wal = replica.path.with_name(replica.path.name + "-wal")
    page_size = int((await on_thread(replica, raw_sql(replica, "PRAGMA page_size")))[0][0])
    frames = 0
    rounds = 20
    for i in range(rounds):
        await on_thread(replica, raw_sql(replica, "PRAGMA wal_checkpoint(TRUNCATE)"))
        await replica.apply_batch(live_batch(log, args.size, args.customers, at + i), 0)
        frames += (wal.stat().st_size - WAL_HEADER) // (page_size + FRAME_HEADER)
    print(f"pages written per live commit: {frames / rounds:.1f} of {page_size} bytes")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=400)
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--warm", type=int, default=5000)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--index-every", type=int, default=250)
    parser.add_argument("--by-statement", action="store_true")
    parser.add_argument("--profile")
    parser.add_argument("--pragma", action="append", default=[])
    parser.add_argument("--random-ids", action="store_true", help="event ids as before 2026-12")
    parser.add_argument("--sizes", help="comma-separated batch sizes to fit, e.g. 1,5,20,50")
    args = parser.parse_args()
    if not args.sizes:
        await one_size(args)
        return
    per_batch = {}
    for size in map(int, args.sizes.split(",")):
        batches = max(40, min(args.batches, 4000 // size))  # about as many messages per size
        sized = argparse.Namespace(**{**vars(args), "size": size, "batches": batches})
        per_batch[size] = await one_size(sized)
    fixed, per_message = fit(per_batch)
    print(
        f"fit over batch sizes {args.sizes}: {fixed * 1e6:.0f} µs per batch + "
        f"{per_message * 1e6:.1f} µs per message (SQLite thread, apply only)"
    )


if __name__ == "__main__":
    asyncio.run(main())
