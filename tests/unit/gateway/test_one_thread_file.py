"""The file's own thread: calls in order, errors back to their caller, the gone ones skipped."""

from __future__ import annotations

import asyncio
import threading

import pytest

from app.gateway.one_thread_file import OneThreadFile


class _File(OneThreadFile):
    _THREAD = "test-file"


@pytest.mark.asyncio
async def test_calls_run_in_order_on_one_thread_of_their_own() -> None:
    file = _File()
    await file._start(lambda: None)
    ran: list[tuple[int, str]] = []

    def note(n: int) -> int:
        ran.append((n, threading.current_thread().name))
        return n * 10

    results = await asyncio.gather(*(file._run(note, n) for n in range(20)))
    await file.close()

    assert results == [n * 10 for n in range(20)]
    assert [n for n, _ in ran] == list(range(20))
    assert {name for _, name in ran} == {"test-file_0"}
    assert threading.current_thread().name not in {name for _, name in ran}


@pytest.mark.asyncio
async def test_an_error_goes_to_its_caller_and_the_thread_goes_on() -> None:
    file = _File()
    await file._start(lambda: None)

    def fail() -> None:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        await file._run(fail)
    assert await file._run(lambda: "still here") == "still here"
    await file.close()
    with pytest.raises(RuntimeError):
        await file._run(lambda: None)


@pytest.mark.asyncio
async def test_a_call_whose_caller_went_away_before_its_turn_is_skipped() -> None:
    file = _File()
    await file._start(lambda: None)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def block() -> None:
        started.set()
        release.wait()

    blocking = asyncio.ensure_future(file._run(block))
    await asyncio.to_thread(started.wait)
    gone = asyncio.ensure_future(file._run(ran.append, "gone"))
    await asyncio.sleep(0)  # one turn: the call is queued behind the blocking one
    gone.cancel()
    release.set()
    await blocking
    await file._run(ran.append, "after")
    await file.close()

    assert gone.cancelled()
    assert ran == ["after"]


@pytest.mark.asyncio
async def test_a_failed_open_stops_the_thread() -> None:
    file = _File()

    def refuse() -> None:
        raise OSError("no such folder")

    with pytest.raises(OSError, match="no such folder"):
        await file._start(refuse)
    assert file._thread is None
