"""The spool's writer: one thread that commits whatever waits, group after group.

Appends and removals are handed over from the event loop and committed by this thread in one
transaction each round: POSTs that arrive while a flush runs share the next one. The thread
starts the next round as soon as a flush ends, without waiting for the loop to come round, and
tells the loop what each round did with `call_soon_threadsafe`. With the round trip through the
loop between two flushes (as a `run_in_executor` call per flush), a POST waited about 6 ms for
its flush of 1.3 ms at 1,600 webhooks a second: the loop was busy sealing or parsing when the
flush ended.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["REMOVAL_LINGER_S", "Commit", "Round", "SpoolWriter"]

REMOVAL_LINGER_S = 0.05
"""Longest wait of a removal for an append to share its transaction: at a few webhooks a
second and more, the next POST comes first; a crash in between republishes at most this
long's worth of bodies (the desks keep one copy)."""


@dataclass(slots=True)
class Round:
    """What one transaction carries, and what came of it."""

    appends: list[tuple[bytes, asyncio.Future[None]]] = field(default_factory=list)
    removals: list[tuple[list[int], asyncio.Future[None]]] = field(default_factory=list)
    last_id: int = 0
    """The id the last appended body got (they are consecutive)."""
    removed: BaseException | None = None
    """Why the removals failed, if they did."""
    refused: BaseException | None = None
    """Why the appends failed, if they did."""


Commit = Callable[[list[bytes], list[int]], int]
"""Runs on the thread: delete the ids, insert the bodies, commit; returns the last id given."""


class SpoolWriter:
    """Commits on a thread of its own; `done` is called on the loop after each round."""

    def __init__(self, commit: Commit, done: Callable[[Round], None]) -> None:
        """
        Args:
            commit: The transaction (see `Commit`); it raises `refused(...)` when it made the
                removals but not the appends, anything else when it made neither.
            done: Told each round, on the loop.
        """
        self._commit = commit
        self._done = done
        self._wake = threading.Condition()
        self._next = Round()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        # A daemon: a gateway killed before `stop` must not hang at exit; SQLite keeps the
        # file whole wherever the thread is cut off.
        self._thread = threading.Thread(target=self._run, name="gateway-spool", daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        """Finish what was handed over (its callers are answered), then end the thread."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._stopping

    def append(self, bodies: list[tuple[bytes, asyncio.Future[None]]]) -> None:
        with self._wake:
            self._next.appends.extend(bodies)
            self._wake.notify()

    def remove(self, ids: list[int], future: asyncio.Future[None]) -> None:
        with self._wake:
            self._next.removals.append((ids, future))
            if len(self._next.removals) == 1:  # the thread may sleep with no deadline
                self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wait_for_work()
                round_, self._next = self._next, Round()
            if not (round_.appends or round_.removals):
                return  # stopping, and nothing left
            self._commit_round(round_)
            assert self._loop is not None
            self._loop.call_soon_threadsafe(self._done, round_)

    def _wait_for_work(self) -> None:
        """Under `_wake`: until an append waits, or removals waited REMOVAL_LINGER_S for one,
        or the writer stops."""
        deadline: float | None = None
        while not (self._next.appends or self._stopping):
            if not self._next.removals:
                self._wake.wait()
                continue
            if deadline is None:
                deadline = time.monotonic() + REMOVAL_LINGER_S
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._wake.wait(left)

    def _commit_round(self, round_: Round) -> None:
        bodies = [raw for raw, _ in round_.appends]
        ids = [i for removal, _ in round_.removals for i in removal]
        try:
            round_.last_id = self._commit(bodies, ids)
        except _Refused as refusal:  # the removals went through, the appends did not
            round_.refused = refusal.reason
        except BaseException as exc:  # neither: the loop's callers hear why
            round_.removed = round_.refused = exc


class _Refused(Exception):
    """Raised by a commit whose removals were made but whose appends were refused."""

    def __init__(self, reason: BaseException) -> None:
        super().__init__(str(reason))
        self.reason = reason


def refused(reason: BaseException) -> Exception:
    """What a `Commit` raises when it made the removals but refused the appends."""
    return _Refused(reason)
