"""The publisher's line of waiting events: arrival order, its limit, and the pump's wake-up."""

from __future__ import annotations

import asyncio

import pytest

from app.gateway.inbound import _Item, _Line


def _items(count: int) -> list[_Item]:
    return [_Item(None, ("wamid", n)) for n in range(count)]


@pytest.mark.asyncio
async def test_items_come_out_in_arrival_order_at_most_so_many_at_once() -> None:
    line = _Line(0)
    items = _items(5)
    for item in items:
        line.put(item)
    line.put(None)  # a wake-up only

    assert await line.take(3) == items[:3]
    assert await line.take(10) == [*items[3:], None]
    assert len(line) == 0


def test_full_at_the_limit_and_never_without_one() -> None:
    limited, unlimited = _Line(2), _Line(0)
    for item in _items(2):
        assert not limited.full()
        limited.put(item)
        unlimited.put(item)
    assert limited.full()
    assert not unlimited.full()


@pytest.mark.asyncio
async def test_a_waiting_pump_wakes_for_the_first_put() -> None:
    line = _Line(0)
    taking = asyncio.ensure_future(line.take(8))
    await asyncio.sleep(0)  # one turn of the loop: the take reaches its wait
    assert not taking.done()
    first, second = _items(2)
    line.put(first)
    line.put(second)  # before the pump runs: it takes both
    assert await asyncio.wait_for(taking, 5) == [first, second]


@pytest.mark.asyncio
async def test_a_cancelled_take_leaves_the_line_working() -> None:
    line = _Line(0)
    taking = asyncio.ensure_future(line.take(8))
    await asyncio.sleep(0)  # one turn of the loop: the take reaches its wait
    taking.cancel()
    with pytest.raises(asyncio.CancelledError):
        await taking
    (item,) = _items(1)
    line.put(item)
    assert await line.take(8) == [item]
    assert line.take_all() == []
