"""Batches on their way from the hub to the replica: fetched, being opened, waiting to apply.

The engine overlaps three steps that used to run one after the other: the transport fetches the
next batch while the worker thread verifies and opens the one before, while the replica applies
the one before that. This queue keeps them in stream order and bounds how far fetching runs
ahead (a slow disk must not make the desk hold the whole log in memory).
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

from app.sync.protocol import Received


@dataclass(frozen=True, slots=True)
class Opening:
    """One fetched batch, handed to the worker thread that checks and opens it."""

    cursor: int
    """The stream sequence of the batch's last record (the replica's cursor once applied)."""
    results: asyncio.Future[list[Received]]
    """The `LogReader`'s verdicts, in the batch's order, once the worker has them."""
    size: int


class InOrder:
    """A FIFO of `Opening`s, at most `depth` of them waiting behind the one being applied."""

    def __init__(self, depth: int) -> None:
        self._items: deque[Opening] = deque()
        self._space = asyncio.Semaphore(depth)
        self._arrived = asyncio.Event()
        self._taken = asyncio.Event()

    async def put(self, opening: Opening) -> None:
        """Queue a batch; waits while `depth` batches already wait (backpressure)."""
        await self._space.acquire()
        self._items.append(opening)
        self._arrived.set()

    async def first(self) -> Opening:
        """The oldest batch, waiting for one to arrive."""
        while not self._items:
            self._arrived.clear()
            await self._arrived.wait()
        return self._pop()

    async def taken(self) -> None:
        """Wait until no batch waits: the applier took them all (or `drop` did)."""
        while self._items:
            self._taken.clear()
            await self._taken.wait()

    def opened(self, records: int) -> list[Opening]:
        """The batches at the front that are already opened, `records` records at most:
        during catch-up they join the transaction of the batch being applied."""
        ready: list[Opening] = []
        while self._items and self._items[0].results.done() and self._items[0].size <= records:
            records -= self._items[0].size
            ready.append(self._pop())
        return ready

    def drop(self) -> None:
        """Forget every waiting batch (stopping): what was not applied is fetched again from
        the cursor next time."""
        while self._items:
            self._pop().results.cancel()

    def _pop(self) -> Opening:
        self._space.release()
        self._taken.set()
        return self._items.popleft()
