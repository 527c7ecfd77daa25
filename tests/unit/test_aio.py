"""`app.aio`: a task whose cancel a library dropped still stops, and its closer returns."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from app.aio import cancel_and_wait, stop_if_cancelled


async def _drops_the_first_cancel(rounds: list[int]) -> None:
    """Behaves as a loop around nats-py's wait_for that lost the race once."""
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        rounds.append(1)  # dropped: goes back to waiting as if nothing happened
    await asyncio.Event().wait()


@pytest.mark.asyncio
async def test_a_task_that_dropped_its_cancel_is_asked_again_until_it_ends() -> None:
    rounds: list[int] = []
    task = asyncio.create_task(_drops_the_first_cancel(rounds))
    await asyncio.sleep(0)  # let it reach its first wait

    assert await cancel_and_wait(task) == []

    assert rounds == [1]
    assert task.cancelled()


@pytest.mark.asyncio
async def test_failures_are_returned_and_none_or_finished_tasks_are_skipped() -> None:
    async def fails() -> None:
        raise ValueError("boom")

    failed = asyncio.create_task(fails())
    await asyncio.wait({failed})

    errors = await cancel_and_wait(None, failed)

    assert [type(error) for error in errors] == [ValueError]


@pytest.mark.asyncio
async def test_a_loop_that_checks_before_going_idle_stops_after_a_dropped_cancel() -> None:
    idle = asyncio.Event()

    async def loop() -> None:
        with contextlib.suppress(asyncio.CancelledError):  # dropped, as above
            await asyncio.Event().wait()
        stop_if_cancelled()
        idle.set()  # not reached: the guard ends the loop first
        await asyncio.Event().wait()

    task = asyncio.create_task(loop())
    await asyncio.sleep(0)
    task.cancel()
    finished, _ = await asyncio.wait({task}, timeout=5)

    assert finished == {task}
    assert task.cancelled()
    assert not idle.is_set()
