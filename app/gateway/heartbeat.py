"""The gateway's beat: every few seconds, tell the desks that it runs and how it fares.

A beat is sealed to the team and signed (`app.crypto.gateway_beat`) and goes out by a core NATS
publish, stored nowhere: desks that hear none for three beats say the gateway is not running
(`app.services.gateway_watch`). A gateway not yet in the chain, or whose chain stopped
validating, stays silent: it would not send replies either. While Meta does not answer, each
beat may also ask for a fresh Graph call (`probe`), so the desks learn that the link is back
even when nobody sends anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.crypto.gateway_beat import seal_beat
from app.domain.errors import SwitchboardError
from app.domain.gateway_beat import GatewayBeat
from app.gateway.meta_reach import MetaReach
from app.gateway.sealing import GatewayLog
from app.sync.gateway_beat import beat_subject
from app.sync.presence import Ephemeral

log = logging.getLogger(__name__)

PROBE_EVERY = 30.0
"""Seconds between two Graph calls made only to learn whether Meta answers again."""

Waiting = Callable[[], Awaitable[tuple[int, int]]]
"""(webhook bodies in the spool, replies not yet sent): counts only."""


class Heartbeat:
    """Announces one gateway on its team's beat subject; `run` is its task."""

    def __init__(
        self,
        team_log: GatewayLog,
        channel: Ephemeral,
        clock: Callable[[], float],
        *,
        reach: MetaReach,
        waiting: Waiting,
        ready: Callable[[], bool],
        probe: Callable[[], None],
        every: float,
    ) -> None:
        self._log = team_log
        self._channel = channel
        self._clock = clock
        self._reach = reach
        self._waiting = waiting
        self._ready = ready
        self._probe = probe
        self._every = every
        self._subject = beat_subject(team_log.chain.team_id.hex())
        self._last_sent = 0.0
        self._last_probe = float("-inf")

    async def run(self) -> None:
        """Beat until cancelled."""
        while True:
            try:
                await self.beat()
            except asyncio.CancelledError:
                raise
            except Exception:  # one failed beat must not silence the gateway for good
                log.exception("gateway beat failed")
            await asyncio.sleep(self._every)

    async def beat(self) -> None:
        """Send one beat now (nothing while the gateway may not seal)."""
        if not self._ready():
            return
        now = self._clock()
        if self._reach.failing and now - self._last_probe >= PROBE_EVERY:
            self._last_probe = now
            self._probe()
        webhooks, sends = await self._waiting()
        # Desks drop a beat not newer than the last (a replay); beats carry millisecond times.
        self._last_sent = max(now, self._last_sent + 0.001)
        chain = self._log.chain
        inbound_public, _ = chain.epoch_public(chain.epoch)
        data = seal_beat(
            GatewayBeat(
                self._log.keys.device_id,
                self._last_sent,
                self._every,
                self._reach.link,
                self._reach.since,
                webhooks,
                sends,
            ),
            team_id=chain.team_id,
            epoch=chain.epoch,
            inbound_public=inbound_public,
            signer=self._log.keys,
        )
        try:
            await self._channel.broadcast(self._subject, data)
        except SwitchboardError as error:  # the hub is away: desks say so themselves
            log.debug("beat not sent (%s)", error.code)
