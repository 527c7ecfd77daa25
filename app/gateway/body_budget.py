"""How many webhook bytes the gateway holds at once before their signature is checked.

A webhook body must be read whole before its signature can be checked, so anyone who can reach
the URL can make the gateway hold bodies of up to `MAX_WEBHOOK_BYTES` each. Capping each body
is not enough: forty unsigned 3 MB bodies at once took the gateway from 55 MB to 221 MB. Each
request reserves its declared size (the cap when it declares none) before it is read; when
the reservations would pass the budget it waits for earlier bodies to be checked. Meta's
webhooks are a few kilobytes, so they pass beside large bodies waiting for room.
"""

from __future__ import annotations

import asyncio

__all__ = ["BodyBudget"]


class BodyBudget:
    """Bytes of request bodies read or being read at once, at most `total`."""

    def __init__(self, total: int) -> None:
        self._total = total
        self._held = 0
        self._waiting = 0
        """Reservations waiting for room: only they need to hear of what is freed."""
        self._freed = asyncio.Condition()
        self._notifying: set[asyncio.Task[None]] = set()

    @property
    def held(self) -> int:
        """Bytes reserved now."""
        return self._held

    def reserve(self, size: int) -> _Reservation:
        """Hold `size` bytes (at most the whole budget) while the `async with` block runs."""
        return _Reservation(self, min(max(size, 0), self._total))

    def try_hold(self, size: int) -> bool:
        """Hold `size` bytes if there is room now, as `reserve` would without waiting;
        `release` them after. For the webhook's fast lane (`webhook_lane`), which does not
        wait: without room it hands the request to aiohttp's path, which does."""
        if self._held + size > self._total:
            return False
        self._held += size
        return True

    def release(self, size: int) -> None:
        """Give back what `try_hold` held; whoever waits for room hears of it."""
        self._held -= size
        if self._waiting:
            notify = asyncio.get_running_loop().create_task(self._notify())
            self._notifying.add(notify)  # the loop keeps only a weak reference to a task
            notify.add_done_callback(self._notifying.discard)

    async def _notify(self) -> None:
        async with self._freed:
            self._freed.notify_all()

    async def _take(self, size: int) -> None:
        if self._held + size <= self._total:
            # Room now (Meta's bodies nearly always): no lock to take, every webhook pays it.
            self._held += size
            return
        async with self._freed:
            self._waiting += 1
            try:
                await self._freed.wait_for(lambda: self._held + size <= self._total)
            finally:
                self._waiting -= 1
            self._held += size

    async def _give_back(self, size: int) -> None:
        self._held -= size
        if self._waiting:
            await self._notify()


class _Reservation:
    """`BodyBudget.reserve`'s context: a class, not a generator, as it runs for every POST."""

    __slots__ = ("_budget", "_size")

    def __init__(self, budget: BodyBudget, size: int) -> None:
        self._budget = budget
        self._size = size

    async def __aenter__(self) -> None:
        await self._budget._take(self._size)

    async def __aexit__(self, *exc_info: object) -> None:
        await self._budget._give_back(self._size)
