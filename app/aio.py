"""Stopping background tasks so that they really stop.

On Python 3.11, ``asyncio.wait_for`` returns the awaited result and drops the cancellation when
the cancel lands just as the awaited thing completes. Our own code no longer uses it (ruff bans
it), but libraries do: nats-py waits for every request and publish acknowledgement with it. A
loop whose cancel was dropped there carries on to its next wait, and whoever cancelled it and
then awaits it (a closing desk) waits forever. The task still counts the request
(``Task.cancelling()``), which is how the helpers here notice.

Also here: `run_on_fast_loop`, the event loop of the processes that serve the network only (the
gateway, Meta's stand-in, the bench's webhook poster).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["cancel_and_wait", "run_on_fast_loop", "stop_if_cancelled"]

T = TypeVar("T")

log = logging.getLogger(__name__)

RECANCEL_EVERY = 1.0
"""Seconds between two cancel requests to a task that has not ended yet. Only reached when a
library dropped the first request; a healthy task ends within one turn of the loop."""


async def cancel_and_wait(*tasks: asyncio.Future[Any] | None) -> list[BaseException]:
    """Cancel `tasks` (None and finished ones are skipped) and return once all have ended.

    A task that went on after its cancel is asked again every :data:`RECANCEL_EVERY` seconds.
    Returns the exceptions other than cancellation that tasks ended with, each logged by type
    (never by text, which may quote data); the caller decides whether one matters.
    """
    pending = {task for task in tasks if task is not None and not task.done()}
    for task in pending:
        task.cancel()
    while pending:
        _ended, pending = await asyncio.wait(pending, timeout=RECANCEL_EVERY)
        for task in pending:
            task.cancel()
    errors = []
    for ended in tasks:
        if ended is None or ended.cancelled():
            continue
        error = ended.exception()
        if error is not None:
            log.warning("a background task ended with %s", type(error).__name__)
            errors.append(error)
    return errors


def stop_if_cancelled() -> None:
    """Raise CancelledError if the current task was asked to stop and it was dropped.

    Long-running loops call this before they go idle, so a cancel a library swallowed during
    the last round still ends the loop at once.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def run_on_fast_loop(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` on uvloop where it is installed, else on asyncio's own loop.

    Only for processes whose work is sockets and callbacks (the gateway, Meta's stand-in, the
    bench's poster): uvloop's transports and callback queue took 7-16 % off the gateway's CPU
    per webhook (about 440 to 370-420 µs in `bench gateway`, docs/bench.md). Never for a desk: the
    product's desks run on qasync's Qt loop, and a bench desk must measure that. uvloop has no
    Windows build (a dependency marker keeps it off there), hence the fallback.
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)
