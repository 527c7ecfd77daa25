"""The spool drain: bodies go to the publisher in arrival order, and leave the spool only once
the hub has them; while it has not, they are tried again, in the same order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
import pytest_asyncio

from app.aio import cancel_and_wait
from app.gateway.spool import Spool
from app.gateway.spool_drain import SpoolDrain
from app.sync.transport import TransportUnavailable
from tests.helpers.wait import until, until_async

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
