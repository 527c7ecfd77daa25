"""What the bench's child processes share: their start, and one line at a time to the parent.

Desks, Meta's stand-in, the fault suite's children and the webhook poster each run in a process
of their own, as on separate computers; they talk with the bench over stdin and stdout, one line
per message, flushed at once so the parent never waits on a buffer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from app.aio import run_on_fast_loop

DEFAULT_LINE_LIMIT = 2**16
"""asyncio's own limit for one line read from a child."""
log = logging.getLogger(__name__)

COUNT_EVERY = 0.1
"""Seconds between two counts a child tells the parent. Once per applied batch, the lines cost
the bench's process (where the gateway runs) about 25 µs per message at 500/s on 10 desks; the
parent looks at the counts every 50 ms, and the arrival times are noted at once anyway."""
STOP_PATIENCE = 120.0
"""Seconds a telling child gets to stop and tell what it saw before it is killed: generous, as
a desk reads every message it applied back from its replica then."""


def say(text: str) -> None:
    """Tell the parent one line (or several, joined by newlines)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class CountTeller:
    """In a child: tells the parent ``c <n>`` at most every COUNT_EVERY seconds, however often
    the count changes, and always the latest count."""

    def __init__(self, count: Callable[[], int]) -> None:
        self._count = count
        self._due = False

    def changed(self) -> None:
        if not self._due:
            self._due = True
            asyncio.get_running_loop().call_later(COUNT_EVERY, self._tell)

    def _tell(self) -> None:
        self._due = False
        say(f"c {self._count()}")


def run_child(main: Callable[[], Coroutine[Any, Any, None]], *, fast_loop: bool = False) -> None:
    """A child's `__main__`: warnings and errors to stderr (the parent's log file), then run.

    `fast_loop`: on uvloop (`run_on_fast_loop`), for Meta's stand-in; never for a desk.
    """
    logging.basicConfig(level=logging.WARNING)
    if fast_loop:
        run_on_fast_loop(main())
    else:
        asyncio.run(main())


async def spawn_child(
    module: str, stderr: IO[bytes] | int, *, limit: int = DEFAULT_LINE_LIMIT
) -> asyncio.subprocess.Process:
    """Start `python -m module` with pipes to and from the bench."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=stderr,
        limit=limit,
    )


@dataclass(eq=False)
class TellingChild:
    """A child that is given one JSON line, says ``ready``, tells lines of its own, and on
    ``stop`` tells the rest and says ``done``: the bench's desks, bare or not."""

    process: asyncio.subprocess.Process
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    said_ready: bool = False
    """It said "ready": one that ended before is not waited for, and is an error."""
    count: int = 0
    """How many it has applied so far, as it last told (``c <n>``)."""

    async def listen(self) -> None:
        assert self.process.stdout is not None
        try:
            async for raw in self.process.stdout:
                line = raw.decode().strip()
                if line == "ready":
                    self.said_ready = True
                    self.ready.set()
                elif line == "done":
                    self.done.set()
                elif line.startswith("c "):
                    self.count = int(line[2:])
                elif line:
                    self.heard(line)
        finally:
            self.ready.set()  # ended: nobody waits for a child that is gone
            self.done.set()

    def heard(self, line: str) -> None:
        """One line other than ``ready``, ``done`` and a count: what the kind of child tells."""

    async def stop(self) -> None:
        """Ask it to stop and tell; one that does not within STOP_PATIENCE is killed."""
        assert self.process.stdin is not None
        with contextlib.suppress(ConnectionError):
            self.process.stdin.write(b"stop\n")
            await self.process.stdin.drain()
        try:
            async with asyncio.timeout(STOP_PATIENCE):
                await self.done.wait()
                await self.process.wait()
        except TimeoutError:
            log.warning("a bench child did not stop within %.0f s: killed", STOP_PATIENCE)
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


C = TypeVar("C", bound=TellingChild)


@contextlib.asynccontextmanager
async def telling_children(
    module: str,
    made: Callable[[asyncio.subprocess.Process], C],
    givens: Sequence[Mapping[str, object]],
    logs: Sequence[Path],
    on_ready: Callable[[int], None] = lambda _n: None,
    *,
    limit: int = DEFAULT_LINE_LIMIT,
) -> AsyncIterator[list[C]]:
    """One `module` child per given (its JSON line) and log file, all ready when yielded
    (`on_ready(n)` as the first n are); each still running is stopped on the way out.

    Raises:
        RuntimeError: A child ended before it was ready; its log says why.
    """
    children: list[C] = []
    listeners: list[asyncio.Task[None]] = []
    try:
        for n, (given, log_path) in enumerate(zip(givens, logs, strict=True)):
            with log_path.open("wb") as log:
                process = await spawn_child(module, log, limit=limit)
            child = made(process)
            children.append(child)
            listeners.append(asyncio.create_task(child.listen(), name=f"{module}-{n + 1}"))
            assert process.stdin is not None
            process.stdin.write(json.dumps(given).encode() + b"\n")
            await process.stdin.drain()
        for n, (child, log_path) in enumerate(zip(children, logs, strict=True)):
            await child.ready.wait()
            if not child.said_ready:
                raise RuntimeError(f"{log_path.stem} ended at start; see {log_path.name}")
            on_ready(n + 1)
        yield children
    finally:
        # All at once: each may take a while to tell, and one that fails to stop must not
        # leave the others running.
        running = [child for child in children if child.process.returncode is None]
        await asyncio.gather(*(child.stop() for child in running), return_exceptions=True)
        await asyncio.gather(*listeners)


async def all_told(
    children: Sequence[TellingChild],
    total: int,
    patience: float,
    shown: Callable[[int], None] = lambda _n: None,
) -> None:
    """Until every child has told a count of `total`, or none told more for `patience`
    seconds (what is missing then is lost); `shown(n)` with the lowest count as it grows."""
    last, quiet_since = -1, time.monotonic()
    while (lowest := min(child.count for child in children)) < total:
        shown(lowest)
        counts = sum(child.count for child in children)
        if counts != last:
            last, quiet_since = counts, time.monotonic()
        elif time.monotonic() - quiet_since > patience:
            return
        await asyncio.sleep(0.05)  # polling the counts the children tell
    shown(lowest)
