"""bridge.spawn and DeskBridge: tasks live with their owner; service callbacks become signals."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread

from app.domain.model import HubState
from app.services.api import Changes
from app.ui import bridge as bridge_module
from app.ui.bridge import DeskBridge, running_tasks, spawn
from tests.helpers import loop_errors
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until


@pytest.mark.asyncio
async def test_spawn_holds_the_task_and_returns_its_result() -> None:
    owner = QObject()

    async def work() -> int:
        await asyncio.sleep(0)
        return 42

    task = spawn(owner, work())
    assert running_tasks(owner) == 1
    assert await task == 42
    assert running_tasks(owner) == 0


@pytest.mark.asyncio
async def test_destroying_the_owner_cancels_its_tasks() -> None:
    owner = QObject()
    gate = asyncio.Event()
    reached: list[str] = []

    async def work() -> None:
        await gate.wait()
        reached.append("resumed")

    task = spawn(owner, work())
    await asyncio.sleep(0)
    shiboken6.delete(owner)
    gate.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert reached == []


@pytest.mark.asyncio
async def test_a_coroutine_never_resumes_into_a_deleted_owner() -> None:
    # Run the guard without spawn's registry, so nothing cancels the task when the owner dies:
    # only the check before each resume stands between the coroutine and a dead owner.
    owner = QObject()
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    resumed: list[int] = []

    async def work() -> None:
        resumed.append(await future)

    task = asyncio.get_running_loop().create_task(bridge_module._run_guarded(owner, work()))
    await asyncio.sleep(0)
    shiboken6.delete(owner)
    future.set_result(1)
    with pytest.raises(asyncio.CancelledError):
        await task
    assert resumed == []


@pytest.mark.asyncio
async def test_unhandled_errors_reach_the_loop_exception_handler() -> None:
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    try:
        owner = QObject()

        async def broken() -> None:
            raise ValueError("bug")

        spawn(owner, broken(), name="broken-task")
        await until(lambda: seen)
    finally:
        loop.set_exception_handler(loop_errors.record)
    assert isinstance(seen[0]["exception"], ValueError)
    assert "broken-task" in seen[0]["message"]


def test_spawn_without_a_running_loop_is_refused() -> None:
    async def work() -> None:
        return None

    with pytest.raises(RuntimeError, match="qasync loop"):
        spawn(QObject(), work())


@pytest.mark.asyncio
async def test_bridge_turns_callbacks_into_signals(team: FakeTeam, anna: FakeDesk) -> None:
    bridge = DeskBridge(anna)
    changes: list[Changes] = []
    states: list[HubState] = []
    bridge.changes_arrived.connect(changes.append)
    bridge.hub_state_changed.connect(states.append)
    cid = team.customer_writes("Maria", "hi")
    team.set_hub_state(HubState.OFFLINE)
    assert cid in changes[0].conversations
    assert states == [HubState.OFFLINE]


@pytest.mark.asyncio
async def test_callbacks_from_another_thread_arrive_on_the_main_thread(
    team: FakeTeam, anna: FakeDesk
) -> None:
    bridge = DeskBridge(anna)
    threads: list[bool] = []
    bridge.changes_arrived.connect(
        lambda _changes: threads.append(QThread.currentThread() is bridge.thread())
    )
    worker = threading.Thread(target=team.customer_writes, args=("Maria", "from a thread"))
    worker.start()
    worker.join()
    await until(lambda: threads)
    assert threads == [True]


@pytest.mark.asyncio
async def test_bridge_unsubscribes_when_closed_or_destroyed(anna: FakeDesk) -> None:
    closed = DeskBridge(anna)
    destroyed = DeskBridge(anna)
    assert len(anna.bus._listeners) == 2
    closed.close()
    assert len(anna.bus._listeners) == 1
    shiboken6.delete(destroyed)
    assert anna.bus._listeners == []
    assert anna.hub_listeners == []
