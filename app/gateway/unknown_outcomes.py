"""Sends whose outcome was lost, settled by Meta's own statuses (issue 9, fault 2).

A send's answer can be lost: Graph did not answer in time, or the gateway died between its
claim and its report (`outbound`). Resending could reach the customer twice, so the desks are
told "unknown" (shown as "Sent? Checking with WhatsApp…", never as failed). Meta echoes each
send's `biz_opaque_callback_data` (our request id, hex) in every status webhook for it
(cloud-api.md, statuses), so a status names the reply even when its wamid never reached us:
the watch then reports the reply with that wamid, and the status itself (published as
usual) gives it its real state on every desk, delivered, read or failed.

If no status comes within `UNCONFIRMED_AFTER_S`, the desks are told so plainly ("Not confirmed
by WhatsApp"); a status arriving later still settles it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.aio import cancel_and_wait
from app.domain.ids import EventId, Wamid, short
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from app.gateway.state import GatewayState, SendState
from app.log.events import SendOutcome

log = logging.getLogger(__name__)

UNCONFIRMED_AFTER_S = 10 * 60.0
"""How long an unknown outcome waits for a status before the desks hear "not confirmed".

Meta posts `sent` within seconds of accepting a message and `delivered` when the phone takes
it; a status webhook that failed is retried with growing pauses, its first retries within
minutes. Ten minutes covers a gateway restart and those first retries; a customer whose
phone is off sends no `delivered` for hours, but `sent` still comes, so silence this long
means Meta most likely never took the message (or its statuses are not reaching us)."""
CHECK_EVERY_S = 15.0
"""How often unknown outcomes are checked for having waited `UNCONFIRMED_AFTER_S` (more often
when the waiting time is shorter: a quarter of it)."""
LOST_DETAIL = "outcome lost"
UNCONFIRMED_DETAIL = "no status from WhatsApp"


class OutcomeWatch:
    """Follows every reply claimed and not yet known to the desks, by its callback data.

    All changes to one reply's record happen under one lock, so a status arriving while the
    lost outcome is being reported cannot be overtaken by it.
    """

    def __init__(
        self,
        state: GatewayState,
        publish: Callable[[SendOutcome], Awaitable[None]],
        clock: Callable[[], float],
        *,
        unconfirmed_after: float = UNCONFIRMED_AFTER_S,
        check_every: float | None = None,
        stats: dict[str, int] | None = None,
    ) -> None:
        """Create the watch; `load` before use.

        Args:
            state: The gateway's send log.
            publish: Puts a gateway event in the team log (waits for the hub).
            clock: Unix seconds.
            unconfirmed_after: Seconds an unknown outcome waits for a status.
            check_every: Seconds between checks for outcomes that waited that long; None for
                `CHECK_EVERY_S` or a quarter of `unconfirmed_after`, whichever is shorter.
            stats: Counters to keep: `outcomes_unknown`, `outcomes_settled` and
                `outcomes_unconfirmed` (the gateway's, for its reports and the fault suite).
        """
        self._state = state
        self._publish = publish
        self._clock = clock
        self._unconfirmed_after = unconfirmed_after
        self._check_every = (
            min(CHECK_EVERY_S, unconfirmed_after / 4) if check_every is None else check_every
        )
        self._stats = {} if stats is None else stats
        self._replies: dict[str, bytes] = {}
        """Callback data (request id, hex) → reply id, of every reply being watched."""
        self._unknown_since: dict[bytes, float] = {}
        """Reply id → when reported unknown, until the desks hear "not confirmed"."""
        self._statuses: asyncio.Queue[tuple[Wamid, str]] = asyncio.Queue()
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []

    async def load(self) -> None:
        """Watch the replies an earlier run left unsettled, and start the watch's tasks."""
        for reply_id, entry in await self._state.unsettled():
            self._replies[entry.request_id.hex()] = reply_id
            if entry.state is SendState.UNKNOWN:
                self._unknown_since[reply_id] = entry.since or self._clock()
        self._tasks = [
            asyncio.create_task(self._take_statuses(), name="gateway-outcome-statuses"),
            asyncio.create_task(self._check_unconfirmed(), name="gateway-outcome-timer"),
        ]

    async def stop(self) -> None:
        await cancel_and_wait(*self._tasks)

    @property
    def watched(self) -> int:
        """Replies whose real outcome is not yet known to the desks (or still sending)."""
        return len(self._replies)

    def claimed(self, reply_id: bytes, request_id: bytes) -> None:
        """A reply was claimed in this run: watch it until its outcome is reported."""
        self._replies[request_id.hex()] = reply_id

    def reported(self, request_id: bytes) -> None:
        """The send's own answer was reported (a wamid or a definite error)."""
        self._replies.pop(request_id.hex(), None)

    def on_statuses(self, items: list[tuple[Wamid, str]]) -> None:
        """(wamid, callback data) of status webhook items; only the watched ones are kept.
        Never waits: the webhook's answer to Meta must not."""
        for item in items:
            if item[1] in self._replies:
                self._statuses.put_nowait(item)

    async def report_lost(self, reply_id: bytes, request_id: bytes) -> None:
        """The reply's answer was lost: report it with a wamid a status already named, else
        as unknown, to be settled by a later status."""
        async with self._lock:
            entry = await self._state.entry(reply_id)
            if entry is not None and entry.wamid is not None:
                await self._settle(reply_id, request_id, Wamid(entry.wamid))
                return
            log.warning("reply %s: outcome unknown, waiting for a status", short(reply_id))
            await self._publish(SendOutcome(EventId(reply_id), None, NETWORK_ERROR, LOST_DETAIL))
            now = self._clock()
            await self._state.mark_unknown(reply_id, now)
            self._count("outcomes_unknown")
            self._replies[request_id.hex()] = reply_id
            self._unknown_since[reply_id] = now

    def _count(self, name: str) -> None:
        self._stats[name] = self._stats.get(name, 0) + 1

    async def _take_statuses(self) -> None:
        while True:
            wamid, callback = await self._statuses.get()
            try:
                await self._on_status(wamid, callback)
            except Exception as exc:  # the next status may still settle it
                log.error("a status could not settle its reply: %s", type(exc).__name__)

    async def _on_status(self, wamid: Wamid, callback: str) -> None:
        reply_id = self._replies.get(callback)
        if reply_id is None:
            return
        async with self._lock:
            entry = await self._state.entry(reply_id)
            if entry is None or entry.state is SendState.REPORTED:
                self._replies.pop(callback, None)
            elif entry.state is SendState.CLAIMED:
                # Still sending, or claimed by a run that died: its answer is reported later,
                # with this wamid if the answer is lost.
                await self._state.learn_wamid(reply_id, wamid)
            else:
                await self._settle(reply_id, entry.request_id, wamid)

    async def _settle(self, reply_id: bytes, request_id: bytes, wamid: Wamid) -> None:
        """Report the reply as accepted with `wamid`; Meta's statuses give its real state."""
        log.info("reply %s: outcome settled by a status from Meta", short(reply_id))
        await self._publish(SendOutcome(EventId(reply_id), wamid, 0, ""))
        await self._state.mark_reported(reply_id)
        self._count("outcomes_settled")
        self._replies.pop(request_id.hex(), None)
        self._unknown_since.pop(reply_id, None)

    async def _check_unconfirmed(self) -> None:
        while True:
            await asyncio.sleep(self._check_every)
            try:
                await self.tell_unconfirmed()
            except Exception as exc:  # tried again at the next check
                log.error("unconfirmed outcomes not reported: %s", type(exc).__name__)

    async def tell_unconfirmed(self) -> int:
        """Tell the desks of each unknown outcome that waited `unconfirmed_after` in vain.

        Returns:
            How many were told.
        """
        due = [
            reply_id
            for reply_id, since in self._unknown_since.items()
            if self._clock() - since >= self._unconfirmed_after
        ]
        for reply_id in due:
            async with self._lock:
                if self._unknown_since.pop(reply_id, None) is None:
                    continue  # settled meanwhile
                log.warning("reply %s: no status from Meta, unconfirmed", short(reply_id))
                outcome = SendOutcome(EventId(reply_id), None, UNCONFIRMED, UNCONFIRMED_DETAIL)
                await self._publish(outcome)
                await self._state.mark_unconfirmed(reply_id)
                self._count("outcomes_unconfirmed")
        return len(due)
