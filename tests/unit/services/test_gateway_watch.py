"""The gateway's `Heartbeat` and a desk's `GatewayWatch` over an in-memory channel that behaves
like the hub's core subject, on a clock the test moves: what the desk says, and when."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from app.domain.gateway_beat import GatewayState, WhatsAppLink, not_heard_after
from app.domain.model import HubState
from app.domain.send_codes import NETWORK_ERROR
from app.gateway.graph import SendResult
from app.gateway.heartbeat import PROBE_EVERY, Heartbeat
from app.gateway.meta_reach import MetaReach
from app.gateway.sealing import GatewayLog
from app.services.gateway_watch import GatewayWatch
from app.sync.gateway_beat import BeatCodec
from app.sync.presence import OnMessage
from app.sync.protocol import Keyring, LogReader
from app.sync.transport import TransportError
from tests.unit.crypto.helpers import GATEWAY, ROOT, TEAM, build_team
from tests.unit.services.test_presence_service import Clock, MemoryChannel

pytestmark = pytest.mark.asyncio


class World:
    def __init__(self) -> None:
        team = build_team()
        keyring = Keyring(TEAM)
        keyring.add_seed(1, team.seed)
        self.clock = Clock()
        self.channel = MemoryChannel()
        self.reach = MetaReach(self.clock)
        self.probes = 0
        self.changes = 0
        self.heart = Heartbeat(
            GatewayLog(GATEWAY, team.state),
            self.channel,
            self.clock,
            reach=self.reach,
            waiting=self.waiting,
            ready=lambda: True,
            probe=self.probe,
            every=5.0,
        )
        self.watch = GatewayWatch(
            BeatCodec(LogReader(ROOT, team.state, keyring, {})),
            self.channel,
            self.clock,
            self.changed,
        )

    async def waiting(self) -> tuple[int, int]:
        return 4, 2

    def probe(self) -> None:
        self.probes += 1

    def changed(self) -> None:
        self.changes += 1

    def state(self) -> GatewayState:
        self.watch.hub_state(HubState.ONLINE)  # also makes the watch look now
        return self.watch.health().state


async def test_running_while_it_beats_not_heard_after_three_missed_and_back() -> None:
    world = World()
    await world.watch.start()
    try:
        assert world.watch.health().state is GatewayState.UNKNOWN  # hub not yet connected
        world.watch.hub_state(HubState.ONLINE)
        await world.heart.beat()
        health = world.watch.health()
        assert (health.state, health.waiting_webhooks, health.waiting_sends) == (
            GatewayState.RUNNING,
            4,
            2,
        )

        world.clock.now += not_heard_after(5.0) + 0.1
        assert world.state() is GatewayState.NOT_HEARD
        world.watch.hub_state(HubState.OFFLINE)  # the header tells; nothing to hear meanwhile
        assert world.watch.health().state is GatewayState.UNKNOWN

        world.watch.hub_state(HubState.ONLINE)
        await world.heart.beat()
        assert world.state() is GatewayState.RUNNING
        assert world.changes == 4  # running, not heard, unknown, running: each told once
    finally:
        await world.watch.close()


async def test_no_answer_from_meta_is_shown_and_probed_every_30_s() -> None:
    world = World()
    await world.watch.start()
    try:
        world.watch.hub_state(HubState.ONLINE)
        world.reach.sent(SendResult(None, NETWORK_ERROR))
        await world.heart.beat()
        await world.heart.beat()
        health = world.watch.health()
        assert (health.state, health.link) == (
            GatewayState.CANNOT_REACH_WHATSAPP,
            WhatsAppLink.NO_ANSWER,
        )
        assert world.probes == 1
        world.clock.now += PROBE_EVERY
        await world.heart.beat()
        assert world.probes == 2

        world.reach.read(None)  # the probe got through
        world.clock.now += 1
        await world.heart.beat()
        assert world.watch.health().state is GatewayState.RUNNING
    finally:
        await world.watch.close()


class RefusingChannel(MemoryChannel):
    """A hub whose permissions predate the beats: it refuses to let a desk listen."""

    async def listen(self, subject: str, on_message: OnMessage) -> Callable[[], Awaitable[None]]:
        raise TransportError(f"subscribe to {subject}: the hub does not allow it")


async def test_a_desk_the_hub_does_not_let_listen_raises_no_false_alarm() -> None:
    team = build_team()
    keyring = Keyring(TEAM)
    keyring.add_seed(1, team.seed)
    clock = Clock()
    reader = LogReader(ROOT, team.state, keyring, {})
    watch = GatewayWatch(BeatCodec(reader), RefusingChannel(), clock, lambda: None)
    await watch.start()
    try:
        watch.hub_state(HubState.ONLINE)
        clock.now += not_heard_after(5.0) * 3
        watch.hub_state(HubState.ONLINE)  # makes the watch look now
        assert watch.health().state is GatewayState.UNKNOWN  # the status bar stays quiet
    finally:
        await watch.close()
