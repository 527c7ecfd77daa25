"""A desk that closes while its outbox is being woken still closes.

Python 3.11's `asyncio.wait_for` returns the inner result when a cancellation arrives just as
the awaited event fires, so a cancelled loop went on waiting forever and the desk's close hung
(1 test run in 5 under load). Ruff bans `asyncio.wait_for` in `app/` for this; this test pins the
behaviour of the loop that hung.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

import pytest

from app.store.replica import Replica
from app.sync.outbox import OutboxRunner
from tests.unit.store.builders import KEY


class _WatchedEvent(asyncio.Event):
    """An event that tells the test when someone waits on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waited_on = asyncio.Event()

    async def wait(self) -> bool:
        self.waited_on.set()
        return await super().wait()


class _Engine:
    async def caught_up(self, within: float | None = 30.0) -> None:
        return None


@pytest.mark.asyncio
async def test_a_cancel_that_arrives_as_the_outbox_wakes_stops_it(tmp_path: Path) -> None:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    try:
        runner = OutboxRunner(
            replica, cast(Any, None), cast(Any, _Engine()), lambda: b"s" * 32, lambda: 1_000.0
        )
        wake = _WatchedEvent()
        runner._wake = wake  # noqa: SLF001 - the race needs to know when the runner is idle
        task = asyncio.create_task(runner.run())
        await wake.waited_on.wait()

        runner.wake()
        await asyncio.sleep(0)  # the wait has ended; the runner has not run on yet
        task.cancel()

        finished, _ = await asyncio.wait({task}, timeout=5)
        assert finished == {task}, "the cancelled outbox kept running"
        assert task.cancelled()
    finally:
        await replica.close()
