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
import contextlib
from collections.abc import AsyncIterator

__all__ = ["BodyBudget"]


class BodyBudget:
    """Bytes of request bodies read or being read at once, at most `total`."""

    def __init__(self, total: int) -> None:
        self._total = total
        self._held = 0
        self._freed = asyncio.Condition()

    @property
    def held(self) -> int:
        """Bytes reserved now."""
        return self._held

    @contextlib.asynccontextmanager
    async def reserve(self, size: int) -> AsyncIterator[None]:
        """Hold `size` bytes (at most the whole budget) while the block runs."""
        size = min(max(size, 0), self._total)
        async with self._freed:
            await self._freed.wait_for(lambda: self._held + size <= self._total)
            self._held += size
        try:
            yield
        finally:
            async with self._freed:
                self._held -= size
                self._freed.notify_all()
