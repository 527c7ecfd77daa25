"""Publishing the spooled webhook bodies, in arrival order, for as long as the hub needs.

Bodies are handed on in the order Meta's POSTs were stored, a window of them at a time, so the
publisher seals events of many webhooks in one run. A body leaves the spool only when every
one of its events is stored on the hub (or was found already published, or cannot be sealed
and was reported). While the hub is down the bodies stay, and are tried again with a growing
pause: an outage of hours costs a retry every few seconds, never a message. After a crash
everything still in the spool is published again; a body whose events had landed before the
crash is then stored twice on the hub, and the desks keep one copy (they fold customer
messages by wamid, statuses by their progression).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from app.aio import cancel_and_wait, stop_if_cancelled
from app.gateway.spool import Spool, Spooled
from app.sync.transport import TransportError

log = logging.getLogger(__name__)

IN_FLIGHT = 256
"""Bodies handed to the publisher at once: enough to fill its runs while earlier ones are
acknowledged, few enough that a backlog of hours is read from disk, not held in memory. With
64, a run being acknowledged and the next one being sealed held them all, and the loop waited
for the hub with work on disk: `bench gateway` 4,624-4,724 events/s, against 5,221-5,490 with
256 (alternated, docs/bench.md)."""
IN_FLIGHT_BYTES = 16 * 1024 * 1024
"""...and at most this many bytes of them (at least one body, whatever its size): Meta's
webhooks are a few kilobytes, but one may carry up to 3 MB."""
PARSE_CHUNK = 8
"""Bodies parsed (and their events queued) before the loop lets other work in: parsing 64
at once held every POST's 200 for about 3 ms at 2,000 webhooks a second."""
FIRST_RETRY_S = 0.2
LONGEST_RETRY_S = 5.0
"""The longest pause between two tries while the hub is away: it is back within seconds of
returning, and an outage of hours costs a few thousand quiet tries."""

Submit = Callable[[bytes], Awaitable[bool]]
"""Queues a body's events at once (in call order) and returns what settles when they are
stored: True, or raises (`TransportError` while the hub cannot take them)."""


class SpoolDrain:
    """Feeds the spool's bodies to the publisher and removes those the hub has."""

    def __init__(self, spool: Spool, submit: Submit) -> None:
        self._spool = spool
        self._submit = submit
        self.published = 0
        """Bodies whose events are all on the hub (this run)."""
        self.retries = 0
        """Times the drain paused because the hub could not take what it was given."""
        self._waiting_since_retry = 0
        """Retries since the hub last took a body: an outage is logged once, not every try."""
        self._flight_bytes = 0
        """The size of the bodies handed on and not yet settled."""

    async def run(self) -> None:
        """Drain until cancelled, starting with whatever an earlier run left."""
        flight: deque[tuple[Spooled, asyncio.Future[bool]]] = deque()
        self._flight_bytes = 0
        cursor = 0  # the newest body handed on
        delay = FIRST_RETRY_S
        try:
            while True:
                stop_if_cancelled()
                cursor = await self._hand_on(flight, cursor)
                if not flight:
                    await self._spool.wait_added()
                    continue
                failure = await self._settle_head(flight)
                if failure is None:
                    self._recovered()
                    delay = FIRST_RETRY_S
                    continue
                cursor = await self._after_failure(flight, failure)
                await asyncio.sleep(delay)  # the hub is away: pause before trying again
                delay = min(delay * 2, LONGEST_RETRY_S)
        finally:
            await cancel_and_wait(*(settled for _, settled in flight))

    async def _hand_on(
        self, flight: deque[tuple[Spooled, asyncio.Future[bool]]], cursor: int
    ) -> int:
        """Hand the next bodies to the publisher, up to IN_FLIGHT and IN_FLIGHT_BYTES; returns
        the new cursor (bodies taken past the bytes are taken again later)."""
        if len(flight) >= IN_FLIGHT or self._flight_bytes >= IN_FLIGHT_BYTES:
            return cursor
        room = IN_FLIGHT_BYTES - self._flight_bytes
        for n, body in enumerate(await self._spool.take(cursor, IN_FLIGHT - len(flight), room), 1):
            if flight and self._flight_bytes + len(body.raw) > IN_FLIGHT_BYTES:
                break
            flight.append((body, asyncio.ensure_future(self._submit(body.raw))))
            self._flight_bytes += len(body.raw)
            cursor = body.id
            if n % PARSE_CHUNK == 0:
                await asyncio.sleep(0)  # let the POSTs' answers out between the parsing
        return cursor

    async def _settle_head(
        self, flight: deque[tuple[Spooled, asyncio.Future[bool]]]
    ) -> BaseException | None:
        """Wait for the oldest body; remove it and the settled ones after it from the spool.

        Returns:
            The error that kept the oldest body from the hub, or None.
        """
        head = flight[0][1]
        await asyncio.wait([head])
        if _failure(head) is not None:
            return _failure(head)
        done: list[int] = []
        while flight and flight[0][1].done() and _failure(flight[0][1]) is None:
            body = flight.popleft()[0]
            self._flight_bytes -= len(body.raw)
            done.append(body.id)
        self._forget(done)
        return None

    async def _after_failure(
        self, flight: deque[tuple[Spooled, asyncio.Future[bool]]], failure: BaseException
    ) -> int:
        """The hub did not take the oldest body: let the others settle, forget those it did
        take, and start again from the oldest left (returned as the cursor to read after)."""
        self.retries += 1
        self._waiting_since_retry += 1
        if not isinstance(failure, TransportError):  # a bug: tried again rather than lost
            log.error("spooled webhook not published: %s", type(failure).__name__)
        elif self._waiting_since_retry == 1:
            log.warning(
                "hub cannot take webhooks (%s): they wait in the spool", type(failure).__name__
            )
        await asyncio.wait([settled for _, settled in flight])
        done = [body.id for body, settled in flight if _failure(settled) is None]
        oldest = flight[0][0].id
        flight.clear()
        self._flight_bytes = 0
        self._forget(done)
        return oldest - 1

    def _recovered(self) -> None:
        if self._waiting_since_retry:
            log.warning(
                "hub takes the spooled webhooks again, after %d tries", self._waiting_since_retry
            )
            self._waiting_since_retry = 0

    def _forget(self, ids: list[int]) -> None:
        """Remove published bodies with the spool's next write, without waiting for it."""
        if ids:
            self.published += len(ids)
            self._spool.remove(ids).add_done_callback(_not_removed)


def _not_removed(removal: asyncio.Future[None]) -> None:
    if not removal.cancelled() and removal.exception() is not None:
        # Kept, so published again after a restart; the desks fold the copy into one.
        error = removal.exception()
        log.warning("published webhooks not removed from the spool: %s", type(error).__name__)


def _failure(settled: asyncio.Future[bool]) -> BaseException | None:
    if settled.cancelled():
        return asyncio.CancelledError()
    return settled.exception()
