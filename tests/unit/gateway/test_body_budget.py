"""`BodyBudget`: webhook bodies held at once before their signature is checked."""

from __future__ import annotations

import asyncio

import pytest

from app.gateway.body_budget import BodyBudget


@pytest.mark.asyncio
async def test_a_body_waits_until_earlier_ones_are_done() -> None:
    budget = BodyBudget(total=10)
    first = asyncio.Event()
    release = asyncio.Event()

    async def big() -> None:
        async with budget.reserve(8):
            first.set()
            await release.wait()

    holder = asyncio.create_task(big())
    await first.wait()
    waiting = asyncio.create_task(_take(budget, 8))
    async with budget.reserve(2):  # a small one passes beside the waiting large one
        assert budget.held == 10
    assert not waiting.done()
    release.set()
    await holder
    await waiting
    assert budget.held == 0


@pytest.mark.asyncio
async def test_more_than_the_whole_budget_is_held_as_the_whole() -> None:
    budget = BodyBudget(total=10)
    async with budget.reserve(50):
        assert budget.held == 10
    assert budget.held == 0


async def _take(budget: BodyBudget, size: int) -> None:
    async with budget.reserve(size):
        assert budget.held <= 10


@pytest.mark.asyncio
async def test_the_fast_lane_holds_only_what_fits_and_wakes_a_waiter_when_it_gives_back() -> None:
    budget = BodyBudget(total=10)
    assert budget.try_hold(8)
    assert not budget.try_hold(3)  # no room: the lane hands the request to aiohttp's path
    waiting = asyncio.create_task(_take(budget, 8))
    await asyncio.sleep(0)
    assert not waiting.done()
    budget.release(8)
    await asyncio.wait_for(waiting, timeout=5)
    assert budget.held == 0
