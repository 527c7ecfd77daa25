"""`GatewayWatch`: hears the team's gateways announce themselves and says how they fare.

Each gateway beats every few seconds (`app.gateway.heartbeat`); this desk opens each beat
against its chain (`BeatCodec`), keeps the newest in a pure `BeatBoard` and looks again every
second, so silence turns into NOT_HEARD on time without a beat to trigger it. While the hub is
away nothing can be heard, and the header already says the hub is the trouble: the watch then
says UNKNOWN, and gives the gateways one interval to be heard once the hub is back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.aio import cancel_and_wait
from app.domain.errors import SwitchboardError
from app.domain.gateway_beat import BeatBoard, GatewayHealth, GatewayState
from app.domain.model import HubState
from app.sync.gateway_beat import BeatCodec
from app.sync.presence import Ephemeral

log = logging.getLogger(__name__)

LOOK_EVERY = 1.0
"""Seconds between two looks at the board: how late NOT_HEARD may come."""

_HEARING = frozenset({HubState.ONLINE, HubState.CANNOT_STORE})
"""Hub states in which beats arrive (a hub that cannot store still forwards them)."""


class GatewayWatch:
    """One desk's view of the team's gateways."""

    def __init__(
        self,
        codec: BeatCodec,
        channel: Ephemeral,
        clock: Callable[[], float],
        on_change: Callable[[], None],
    ) -> None:
        self._codec = codec
        self._channel = channel
        self._clock = clock
        self._on_change = on_change
        self._board = BeatBoard(clock())
        self._hub_state = HubState.CONNECTING
        self._deaf = False
        """The hub refused to let this desk listen: nothing it does not hear means anything."""
        self._health = self._look()
        self._stop_listening: Callable[[], Awaitable[None]] | None = None
        self._looking: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen to beats and look every second; a hub refusal is only logged."""
        try:
            self._stop_listening = await self._channel.listen(self._codec.subject, self._received)
        except SwitchboardError as error:
            # A hub older than the beats: say nothing rather than "not heard" forever.
            log.warning("gateway beats are off: cannot listen (%s)", error.code)
            self._deaf = True
        self._board.listening_again(self._clock())
        self._looking = asyncio.create_task(self._keep_looking(), name="gateway-watch")

    async def close(self) -> None:
        await cancel_and_wait(self._looking)
        if self._stop_listening is not None:
            await self._stop_listening()

    def health(self) -> GatewayHealth:
        """What to show now; cheap, no I/O."""
        return self._health

    def hub_state(self, state: HubState) -> None:
        """The desk's connection to the hub changed."""
        if state in _HEARING and self._hub_state not in _HEARING:
            self._board.listening_again(self._clock())
        self._hub_state = state
        self._update()

    def _received(self, data: bytes) -> None:
        try:
            beat = self._codec.open(data)
        except SwitchboardError as error:
            log.info("gateway beat refused (%s)", getattr(error, "reason", error.code))
            return
        if not self._board.receive(beat, self._clock()):
            log.info("gateway beat refused (replayed or far from this desk's clock)")
            return
        self._update()

    async def _keep_looking(self) -> None:
        while True:
            await asyncio.sleep(LOOK_EVERY)
            try:
                self._update()
            except Exception as error:  # a listener's failure must not freeze what is shown
                log.warning("gateway watch: a look failed (%s)", type(error).__name__)

    def _look(self) -> GatewayHealth:
        gateways = self._codec.gateways()
        if gateways and (self._deaf or self._hub_state not in _HEARING):
            return GatewayHealth(GatewayState.UNKNOWN)
        return self._board.health(self._clock(), gateways)

    def _update(self) -> None:
        health = self._look()
        if health != self._health:
            if health.state is not self._health.state:
                log.info("gateway: %s", health.state.value)
            self._health = health
            self._on_change()
