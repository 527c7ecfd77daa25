"""A desk timed by a bench collects cycles as the desk app does: on the loop, not on allocation."""

from __future__ import annotations

import gc
import weakref

import pytest

from app.bench.running import collected_as_the_desk_app
from app.system.collection import collect_due
from tests.helpers.wait import until


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle only the cycle collector frees


def test_collect_due_collects_only_past_a_threshold() -> None:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert collect_due() is None  # every count below its threshold
        for _ in range(gc.get_threshold()[0] + 1):
            _Node()
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert collect_due() is not None  # any generation it picks includes the youngest
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.asyncio
async def test_automatic_collection_is_off_inside_and_restored_after() -> None:
    assert gc.isenabled()
    async with collected_as_the_desk_app():
        assert not gc.isenabled()
        node = _Node()
        gone = weakref.ref(node)
        del node
        for _ in range(gc.get_threshold()[0] + 1):
            _Node()
        await until(lambda: gone() is None, timeout=10)  # the loop's next check frees it
    assert gc.isenabled()
