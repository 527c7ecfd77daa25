"""`switchboard bench replica`: opening a replica of N messages in C conversations.

The file is a real replica built by the store's migrations and filled through its schema (the
search bench's builder), cached in the temp folder. Each opening runs in a fresh process
(`replica_probe`): the product opens the replica as a desk does and reads what its window
shows first (cursor, the tabs' counts, the first page of the queue). Floor, in the same run:
bare sqlcipher3 with the same key and pragmas running exactly the SQL the product ran (traced
from its connection). "Cold" drops the file's pages from the OS cache first (posix_fadvise),
"cached" opens it again right after. Memory is each process's peak resident size.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.bench import search_bench
from app.bench.report import Better, Figure, Goal, Report, Row
from app.bench.running import ProgressFactory
from app.store.replica import Replica

GOAL_MS = 100.0
GOAL_MB = 120.0
GOAL_MESSAGES, GOAL_CONVERSATIONS = 1_000_000, 50_000
SHAPE_META = "bench.replica.shape"

Samples = dict[str, list[dict[str, float]]]
"""Per mode ("product", "bare"), each opening's {"ms", "rss_mb"}."""


async def run(args: argparse.Namespace, progress: ProgressFactory) -> Report:
    path: Path = args.db or Path(tempfile.gettempdir()) / (
        f"switchboard-bench-replica-{args.messages}-{args.conversations}.db"
    )
    built = await _ensure(path, args.messages, args.conversations)
    statements = json.loads(await _probe("app.bench.replica_probe", "record", path))
    shown = progress("openings", 4 * args.opens)
    cold: Samples = {"product": [], "bare": []}
    cached: Samples = {"product": [], "bare": []}
    for n in range(args.opens):  # interleaved, so that a busy moment hits both alike
        for mode in ("product", "bare"):
            await asyncio.to_thread(_evict, path)
            cold[mode].append(await _measure(mode, path, statements))
            cached[mode].append(await _measure(mode, path, statements))
        shown.update(4 * (n + 1))
    shown.finish()
    return _report(args, path, built, cold, cached, len(statements))


async def _held_shape(path: Path) -> bytes | None:
    """The shape a cached file was built for; None if this build cannot open it (a file left
    by a build whose migrations differ, say): it is then built again."""
    try:
        replica = await Replica.open(path, search_bench.BENCH_KEY)
    except Exception as err:  # any reason at all: the cache is only a shortcut
        print(
            f"the cached file cannot be opened ({type(err).__name__}); building it again",
            file=sys.stderr,
        )
        return None
    try:
        return await replica.get_meta(SHAPE_META)
    finally:
        await replica.close()


def _remove(path: Path) -> None:
    """The cached file and its WAL companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _ensure(path: Path, messages: int, conversations: int) -> bool:
    """Build the file unless it already holds this shape; True when it was built now."""
    shape = f"{messages}:{conversations}".encode()
    if await asyncio.to_thread(path.exists):
        if await _held_shape(path) == shape:
            return False
        await asyncio.to_thread(_remove, path)
    await search_bench.build(path, messages, sys.stderr, conversations)
    replica = await Replica.open(path, search_bench.BENCH_KEY)
    try:
        await replica.set_meta(SHAPE_META, shape)
    finally:
        await replica.close()
    return True


def _evict(path: Path) -> None:
    """Drop the replica's pages from the OS cache, where the OS lets a user do so."""
    advise = getattr(os, "posix_fadvise", None)
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if advise is None or not part.exists():
            continue
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)  # only clean pages can be dropped
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


async def _measure(mode: str, path: Path, statements: list[str]) -> dict[str, float]:
    if mode == "product":
        text = await _probe("app.bench.replica_probe", "product", path)
    else:
        given = {"key": search_bench.BENCH_KEY.hex(), "statements": statements}
        text = await _probe("app.bench.bare_sql", None, path, json.dumps(given))
    answer: dict[str, float] = json.loads(text)
    return answer


async def _probe(module: str, mode: str | None, path: Path, stdin: str = "") -> str:
    """Run `module` in a fresh interpreter and return what it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *([mode] if mode else []),
        str(path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin.encode())
    if process.returncode != 0:
        last = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{module} failed: {last[0]}")
    return out.decode()


def _median(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def _report(
    args: argparse.Namespace,
    path: Path,
    built: bool,
    cold: Samples,
    cached: Samples,
    statements: int,
) -> Report:
    cold_row = Row(
        "open, cold (median)",
        Figure(_median(cold["product"], "ms"), "ms", "cold open"),
        Figure(_median(cold["bare"], "ms"), "ms", "bare sqlcipher3"),
        Better.LOWER,
    )
    worst_ms = max(s["ms"] for s in cold["product"] + cached["product"])
    rss_product = max(s["rss_mb"] for s in cold["product"] + cached["product"])
    rss_bare = max(s["rss_mb"] for s in cold["bare"] + cached["bare"])
    rows = (
        cold_row,
        Row(
            "open, cached (median)",
            Figure(_median(cached["product"], "ms"), "ms"),
            Figure(_median(cached["bare"], "ms"), "ms"),
            Better.LOWER,
        ),
        Row("open, slowest", Figure(worst_ms, "ms"), None, Better.LOWER),
        Row("peak memory", Figure(rss_product, "MB"), Figure(rss_bare, "MB"), Better.LOWER),
    )
    met = worst_ms <= GOAL_MS and rss_product <= GOAL_MB
    how = "built now" if built else "reused"
    params: dict[str, Any] = {
        "messages": args.messages,
        "conversations": args.conversations,
        "opens": args.opens,
    }
    return Report(
        "replica",
        params,
        rows,
        cold_row,
        Goal(
            f"every open ≤ {GOAL_MS:.0f} ms and ≤ {GOAL_MB:.0f} MB",
            met,
            at_size=args.messages >= GOAL_MESSAGES and args.conversations >= GOAL_CONVERSATIONS,
        ),
        notes=(
            f"{path} ({how}); each opening in a fresh process: Replica.open, the cursor, the "
            f"tabs' counts and the first queue page ({statements} SQL statements)",
            "cold: the file's pages dropped from the OS cache first; memory: peak RSS of the "
            "process, Python included",
        ),
    )
