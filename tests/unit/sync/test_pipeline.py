"""InOrder: the queue between fetching, opening and applying, and how far fetching runs ahead."""

from __future__ import annotations

import asyncio

import pytest

from app.sync.pipeline import InOrder, Opening
from app.sync.protocol import Received

pytestmark = pytest.mark.asyncio


def opening(cursor: int) -> Opening:
    results: asyncio.Future[list[Received]] = asyncio.get_running_loop().create_future()
    results.set_result([])
    return Opening(cursor, results, 1)


async def test_taken_returns_at_once_when_nothing_waits() -> None:
    queue = InOrder(8)
    async with asyncio.timeout(1):
        await queue.taken()


async def test_taken_waits_until_the_applier_took_every_batch() -> None:
    queue = InOrder(8)
    for cursor in (1, 2):
        await queue.put(opening(cursor))
    held = asyncio.create_task(queue.taken())
    await asyncio.sleep(0)  # let it look: two wait
    assert not held.done()
    assert (await queue.first()).cursor == 1
    await asyncio.sleep(0)
    assert not held.done()  # one still waits
    assert (await queue.first()).cursor == 2
    async with asyncio.timeout(1):
        await held


async def test_dropping_the_queue_releases_a_follower_held_in_taken() -> None:
    queue = InOrder(8)
    for cursor in (1, 2):
        await queue.put(opening(cursor))
    held = asyncio.create_task(queue.taken())
    await asyncio.sleep(0)
    assert not held.done()
    queue.drop()  # the engine stops
    async with asyncio.timeout(1):
        await held
