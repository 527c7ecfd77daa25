"""What the bench's child processes share: their start, and one line at a time to the parent.

Desks, Meta's stand-in, the fault suite's children and the webhook poster each run in a process
of their own, as on separate computers; they talk with the bench over stdin and stdout, one line
per message, flushed at once so the parent never waits on a buffer.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import IO, Any

from app.aio import run_on_fast_loop

DEFAULT_LINE_LIMIT = 2**16
"""asyncio's own limit for one line read from a child."""


def say(text: str) -> None:
    """Tell the parent one line (or several, joined by newlines)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


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
