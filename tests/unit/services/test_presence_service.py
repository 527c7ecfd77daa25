"""`PresenceService` on a clock the test moves, over an in-memory channel that behaves like the
hub's core subject (every listener hears every note, nothing is kept)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from app.domain.ids import ConversationId
from app.domain.model import HubState
from app.domain.presence import REANNOUNCE_EVERY, TYPING_TTL, VIEWING_TTL
from app.services.presence import PresenceService
from app.sync.presence import OnMessage, PresenceCodec
from app.sync.protocol import Keyring, LogReader
from app.sync.transport import TransportError
from tests.helpers.wait import until
from tests.unit.crypto.helpers import MEMBER, ROOT, TEAM, build_team

pytestmark = pytest.mark.asyncio

ROOM = ConversationId(b"r" * 16)
T0 = 1_700_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class MemoryChannel:
    """The presence subject: notes go to every listener at once; `down` refuses sends."""

    def __init__(self) -> None:
        self.listeners: list[OnMessage] = []
        self.sent: list[bytes] = []
        self.down = False

    async def broadcast(self, subject: str, data: bytes) -> None:
        if self.down:
            raise TransportError("the hub is down")
        self.sent.append(data)
        for listener in list(self.listeners):
            listener(data)

    async def listen(self, subject: str, on_message: OnMessage) -> Callable[[], Awaitable[None]]:
        self.listeners.append(on_message)

        async def stop() -> None:
            self.listeners.remove(on_message)

        return stop


def desk(name: str, channel: MemoryChannel, clock: Clock) -> tuple[PresenceService, list[object]]:
    team = build_team()
    keyring = Keyring(TEAM)
    keyring.add_seed(1, team.seed)
    keys = {"root": ROOT, "member": MEMBER}[name]
    changes: list[object] = []
    codec = PresenceCodec(LogReader(keys, team.state, keyring, {}))
    return PresenceService(keys.device_id, codec, channel, clock, changes.append), changes


async def test_a_colleague_appears_types_expires_and_leaves() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, heard = desk("root", channel, clock)
    ben, _ = desk("member", channel, clock)
    await anna.start()
    await ben.start()

    ben.set_viewing(ROOM)
    await until(lambda: anna.presence(ROOM).viewing == (MEMBER.device_id,))
    assert heard == [frozenset({ROOM})]
    assert not ben.presence(ROOM)  # a desk does not list itself

    ben.typing(ROOM)
    await until(lambda: anna.presence(ROOM).typing == (MEMBER.device_id,))
    clock.now += TYPING_TTL
    assert anna.presence(ROOM).typing == ()
    assert anna.presence(ROOM).viewing == (MEMBER.device_id,)
    clock.now += VIEWING_TTL
    assert not anna.presence(ROOM)  # no refresh came: Ben's desk is gone as far as Anna knows

    ben.set_viewing(ROOM)  # unchanged: nothing is sent
    sent = len(channel.sent)
    await ben.close()  # leaving says so
    assert len(channel.sent) == sent + 1
    await anna.close()


async def test_typing_is_reported_at_most_every_two_seconds() -> None:
    channel, clock = MemoryChannel(), Clock()
    ben, _ = desk("member", channel, clock)
    await ben.start()
    await until(lambda: len(channel.sent) == 1)  # "online" (stopped) at start
    ben.set_viewing(ROOM)
    for _ in range(5):
        ben.typing(ROOM)
        clock.now += 0.3
    await until(lambda: len(channel.sent) == 3)  # "viewing", then one "typing"
    clock.now += 2
    ben.typing(ROOM)
    await until(lambda: len(channel.sent) == 4)
    await ben.close()


async def test_replayed_and_forged_notes_change_nothing() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, heard = desk("root", channel, clock)
    ben, _ = desk("member", channel, clock)
    await anna.start()
    await ben.start()
    ben.set_viewing(ROOM)
    await until(lambda: len(heard) == 1)
    viewing_note = channel.sent[-1]
    clock.now += 1
    ben.set_viewing(None)
    await until(lambda: len(heard) == 2)

    for listener in channel.listeners:  # the hub replays Ben's old note, and makes one up
        listener(viewing_note)
        listener(viewing_note[:-1] + bytes([viewing_note[-1] ^ 1]))
        listener(b"not a note")
    assert not anna.presence(ROOM)
    assert len(heard) == 2
    await ben.close()
    await anna.close()


async def test_a_hub_that_is_down_only_delays_presence() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, _ = desk("root", channel, clock)
    ben, _ = desk("member", channel, clock)
    await anna.start()
    await ben.start()
    channel.down = True
    ben.set_viewing(ROOM)  # the note is lost, quietly: nothing raises, nothing waits
    await asyncio.sleep(0.05)
    assert not anna.presence(ROOM)

    channel.down = False
    ben.typing(ROOM)
    await until(lambda: anna.presence(ROOM).typing == (MEMBER.device_id,))
    await ben.close()
    await anna.close()


async def test_a_running_desk_is_online_until_its_notes_run_out() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, _ = desk("root", channel, clock)
    ben, _ = desk("member", channel, clock)
    arrivals: list[None] = []
    anna.on_arrival(lambda: arrivals.append(None))
    await anna.start()
    await ben.start()  # viewing nothing: it says "stopped", which still says "online"
    await until(lambda: anna.online() == {MEMBER.device_id})
    assert arrivals == [None]
    clock.now += VIEWING_TTL
    assert anna.online() == frozenset()
    await ben.close()
    await anna.close()


async def test_a_closed_desk_is_offline_at_once() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, _ = desk("root", channel, clock)
    ben, _ = desk("member", channel, clock)
    await anna.start()
    await ben.start()
    await until(lambda: anna.online() == {MEMBER.device_id})
    await ben.close()  # not viewing anything: a "stopped" would have kept him online 30 s
    assert anna.online() == frozenset()
    await anna.close()


async def test_ready_once_it_has_listened_a_full_period_and_again_after_an_outage() -> None:
    channel, clock = MemoryChannel(), Clock()
    anna, _ = desk("root", channel, clock)
    assert anna.ready_at() is None
    await anna.start()
    ready = anna.ready_at()
    assert ready is not None
    assert ready > T0 + REANNOUNCE_EVERY  # every running colleague has spoken since
    clock.now = ready + 100
    anna.hub_state(HubState.ONLINE)
    assert anna.ready_at() == ready  # still connected: nothing to listen for again
    anna.hub_state(HubState.OFFLINE)
    anna.hub_state(HubState.ONLINE)
    assert anna.ready_at() == ready + 100 + (ready - T0)
    await anna.close()
