"""`app.aio`: a task whose cancel a library dropped still stops, and its closer returns; the
network-only processes run on uvloop where it is installed."""

from __future__ import annotations

import asyncio
import contextlib
import sys

import pytest

from app.aio import cancel_and_wait, run_on_fast_loop, stop_if_cancelled


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


def _loop_kind() -> str:
    """The running loop's module: "uvloop" or "asyncio"."""
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


async def _kind_and(value: int) -> tuple[str, int]:
    return _loop_kind(), value


def test_the_fast_loop_is_uvloop_where_installed() -> None:
    pytest.importorskip("uvloop")  # no Windows build: there the fallback below is the test
    assert run_on_fast_loop(_kind_and(7)) == ("uvloop", 7)


def test_without_uvloop_the_fast_loop_is_asyncios(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # what an import on Windows finds

    assert run_on_fast_loop(_kind_and(7)) == ("asyncio", 7)
