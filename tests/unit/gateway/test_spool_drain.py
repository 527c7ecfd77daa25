"""The spool drain: bodies go to the publisher in arrival order, and leave the spool only once
the hub has them; while it has not, they are tried again, in the same order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
import pytest_asyncio

from app.aio import cancel_and_wait
from app.gateway import spool_drain
from app.gateway.spool import Spool
from app.gateway.spool_drain import SpoolDrain
from app.sync.transport import TransportUnavailable
from tests.helpers.wait import settle, until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.fast_loop]  # the gateway runs on uvloop


@pytest_asyncio.fixture
async def spool(tmp_path: Path) -> AsyncIterator[Spool]:
    opened = Spool(tmp_path, bytes(range(32)), keep_free=0)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


class Hub:
    """Stands where the publisher is: notes each body handed on, in order, and stores it
    unless it is down."""

    def __init__(self) -> None:
        self.down = False
        self.handed: list[bytes] = []
        self.stored: list[bytes] = []

    def submit(self, raw: bytes) -> Awaitable[bool]:
        self.handed.append(raw)  # at once, as the publisher's queue takes events
        return self._settle(raw, down=self.down)

    async def _settle(self, raw: bytes, *, down: bool) -> bool:
        await asyncio.sleep(0)
        if down:
            raise TransportUnavailable("hub down")
        self.stored.append(raw)
        return True


async def _drained(spool: Spool, hub: Hub) -> tuple[SpoolDrain, asyncio.Task[None]]:
    drain = SpoolDrain(spool, hub.submit)
    return drain, asyncio.create_task(drain.run())


async def test_bodies_reach_the_hub_in_arrival_order_and_leave_the_spool(spool: Spool) -> None:
    hub = Hub()
    for n in range(100):
        await spool.append(b"%d" % n)
    _, task = await _drained(spool, hub)
    try:
        await until(lambda: len(hub.stored) == 100)
        assert hub.stored == [b"%d" % n for n in range(100)]
        await until_async(lambda: _is_empty(spool))
        await spool.append(b"later")  # one arriving while the drain idles
        await until(lambda: hub.stored[-1:] == [b"later"])
    finally:
        await cancel_and_wait(task)


async def test_while_the_hub_is_down_nothing_leaves_and_order_holds_after(spool: Spool) -> None:
    hub = Hub()
    hub.down = True
    drain, task = await _drained(spool, hub)
    try:
        for n in range(10):
            await spool.append(b"%d" % n)
        await until(lambda: drain.retries >= 2)
        assert hub.stored == []
        assert await spool.count() == 10

        hub.down = False

        await until(lambda: len(hub.stored) == 10, timeout=5)
        assert hub.stored == [b"%d" % n for n in range(10)]
        await until_async(lambda: _is_empty(spool))
    finally:
        await cancel_and_wait(task)


async def _is_empty(spool: Spool) -> bool:
    return await spool.count() == 0


class HeldHub:
    """Takes bodies and stores each only when the test lets it."""

    def __init__(self) -> None:
        self.handed: list[bytes] = []
        self._held: list[asyncio.Future[bool]] = []

    def submit(self, raw: bytes) -> Awaitable[bool]:
        self.handed.append(raw)
        settled: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._held.append(settled)
        return settled

    def store_oldest(self) -> None:
        next(f for f in self._held if not f.done()).set_result(True)


async def test_bodies_in_flight_are_bounded_by_their_size_too(
    spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backlog of large webhooks is not all read into memory at once: past
    IN_FLIGHT_BYTES the next body waits for an earlier one to be stored; a body larger than
    the bound on its own still goes, alone."""
    monkeypatch.setattr(spool_drain, "IN_FLIGHT_BYTES", 10)
    for raw in (b"aaaa", b"bbbb", b"cccc", b"x" * 50, b"dddd"):
        await spool.append(raw)
    hub = HeldHub()
    task = asyncio.create_task(SpoolDrain(spool, hub.submit).run())
    try:
        await until(lambda: len(hub.handed) == 2)
        await settle()
        assert hub.handed == [b"aaaa", b"bbbb"]  # 8 bytes; a third would make 12

        hub.store_oldest()
        await until(lambda: len(hub.handed) == 3)
        hub.store_oldest()
        hub.store_oldest()
        await until(lambda: len(hub.handed) == 4)
        await settle()
        assert hub.handed[3] == b"x" * 50  # alone: nothing else is in flight
        assert len(hub.handed) == 4

        hub.store_oldest()
        await until(lambda: hub.handed[-1:] == [b"dddd"])
    finally:
        await cancel_and_wait(task)
