"""Where the gateway starts reading its requests after a restart, so start time does not grow
with the log.

Every request on `.out` up to the checkpoint is settled: sent and reported, found already
claimed, refused, or handled as number settings. Requests after it may be read again, which is
harmless (the send log makes a second reading a no-op). Kept in the local state and saved at
most every SAVE_EVERY_S seconds and at stop, so a crash re-reads a second's worth of requests.
"""

from __future__ import annotations

import asyncio
import heapq

from app.gateway.state import GatewayState

KEY = "outbound_checkpoint"
SAVE_EVERY_S = 1.0


class OutboundCheckpoint:
    """The low-water mark of settled requests, in stream sequences."""

    def __init__(self, state: GatewayState) -> None:
        self._state = state
        self._highest = 0
        self._open: list[int] = []
        """A heap of requests read and not yet settled."""
        self._settled: set[int] = set()
        """Settled requests still in `_open` (removed lazily, as they reach its top)."""
        self._saved = 0
        self._saved_at = float("-inf")

    async def load(self) -> int:
        """The saved checkpoint (0: read `.out` from the start)."""
        saved = await self._state.meta(KEY)
        self._saved = self._highest = int(saved) if saved else 0
        return self._saved

    @property
    def value(self) -> int:
        """The newest sequence up to which every request read is settled."""
        while self._open and self._open[0] in self._settled:
            self._settled.discard(heapq.heappop(self._open))
        return self._open[0] - 1 if self._open else self._highest

    def begin(self, seq: int) -> None:
        """A request at `seq` was read and is being handled."""
        self._highest = max(self._highest, seq)
        heapq.heappush(self._open, seq)

    def read(self, seq: int) -> None:
        """A record at `seq` was read and needs nothing more (refused, a replay)."""
        self._highest = max(self._highest, seq)

    async def end(self, seq: int) -> None:
        """The request at `seq` is settled; saves now and then."""
        self._settled.add(seq)
        if asyncio.get_running_loop().time() - self._saved_at >= SAVE_EVERY_S:
            await self.save()

    async def save(self) -> None:
        """Store the checkpoint if it moved."""
        value = self.value
        self._saved_at = asyncio.get_running_loop().time()
        if value != self._saved:
            await self._state.save_meta(KEY, str(value).encode())
            self._saved = value
