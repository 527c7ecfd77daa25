"""Where asyncio meets Qt: service callbacks become signals, and coroutines get an owner.

`DeskBridge` turns `DeskApi.subscribe` and `subscribe_hub_state` callbacks into Qt signals that
are delivered on the main thread, whatever thread the services call from (style.md P4).

`spawn(owner, coro)` is the only way the UI starts a coroutine (style.md P3): it holds the task
(asyncio keeps tasks only weakly), cancels it when `owner` is destroyed, checks
`shiboken6.isValid(owner)` every time the coroutine is about to resume, and sends unexpected
exceptions to the loop's exception handler (the crash reporter) instead of losing them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from collections.abc import Callable, Coroutine, Generator
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.domain.model import HubState
from app.domain.notify import Notice
from app.services.api import Changes, DeskApi

log = logging.getLogger(__name__)

T = TypeVar("T")

_tasks: dict[int, set[asyncio.Task[Any]]] = {}
"""Running tasks per owner, keyed by the owner's id while it is alive."""


class DeskBridge(QObject):
    """Delivers one desk's change sets and hub states as Qt signals.

    Signals:
        changes_arrived(Changes): Something the desk shows may have changed.
        hub_state_changed(HubState): The connection to the hub went up or down.
        notice_arrived(Notice): Something happened this desk's person may want to hear of.
    """

    changes_arrived = Signal(object)
    hub_state_changed = Signal(object)
    notice_arrived = Signal(object)

    def __init__(self, api: DeskApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        ref = weakref.ref(self)
        # Closures over a weak reference, not bound methods: the services must not keep the
        # bridge alive, and a callback racing the bridge's deletion must do nothing.
        self._unsubscribe = [
            api.subscribe(functools.partial(_emit_changes, ref)),
            api.subscribe_hub_state(functools.partial(_emit_hub_state, ref)),
            api.subscribe_notices(functools.partial(_emit_notice, ref)),
        ]
        self.destroyed.connect(functools.partial(_call_all, self._unsubscribe))

    def close(self) -> None:
        """Stop listening to the services (also happens when the bridge is destroyed)."""
        _call_all(self._unsubscribe)


def _call_all(callbacks: list[Callable[[], None]], *_signal_args: object) -> None:
    while callbacks:
        callbacks.pop()()


def _emit_changes(ref: weakref.ref[DeskBridge], changes: Changes) -> None:
    bridge = ref()
    if bridge is not None and shiboken6.isValid(bridge):
        # A signal emitted from another thread is queued to the main thread by Qt.
        bridge.changes_arrived.emit(changes)


def _emit_hub_state(ref: weakref.ref[DeskBridge], state: HubState) -> None:
    bridge = ref()
    if bridge is not None and shiboken6.isValid(bridge):
        bridge.hub_state_changed.emit(state)


def _emit_notice(ref: weakref.ref[DeskBridge], notice: Notice) -> None:
    bridge = ref()
    if bridge is not None and shiboken6.isValid(bridge):
        bridge.notice_arrived.emit(notice)


def loop_running() -> bool:
    """Whether a coroutine can be started now.

    Timer slots check it: a timer may fire while Qt processes events without the asyncio loop
    running (after the loop stopped at shutdown, or between tests); the slot then does nothing.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def spawn(owner: QObject, coro: Coroutine[Any, Any, T], *, name: str = "") -> asyncio.Task[T]:
    """Run `coro` on the running loop for as long as `owner` lives.

    Args:
        owner: The QObject the coroutine works for (usually the widget it updates).
        coro: The coroutine. If `owner` is destroyed while it waits, `CancelledError` is raised
            at its await instead of resuming it, so it never touches a deleted widget; its
            `except`/`finally` blocks must not touch widgets either.
        name: A task name for logs and debugging.

    Returns:
        The task, already held; callers may await or cancel it but need not keep it.

    Raises:
        RuntimeError: If no event loop is running (UI code must run under the qasync loop).
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coro.close()
        raise RuntimeError("spawn() needs the running qasync loop") from None
    task = loop.create_task(_run_guarded(owner, coro), name=name or None)
    key = id(owner)
    tasks = _tasks.get(key)
    if tasks is None:
        tasks = _tasks[key] = set()
        owner.destroyed.connect(functools.partial(_cancel_owned, key))
    tasks.add(task)
    task.add_done_callback(functools.partial(_task_done, key, coro))
    return task


async def _run_guarded(owner: QObject, coro: Coroutine[Any, Any, T]) -> T:
    return await _OwnerGuard(owner, coro)


class _OwnerGuard(Generic[T]):
    """Steps a coroutine by hand so it resumes only while its owner is alive.

    This is what `await coro` does (PEP 380 delegation), plus one check before each resume.
    """

    def __init__(self, owner: QObject, coro: Coroutine[Any, Any, T]) -> None:
        self._owner = owner
        self._coro = coro

    def __await__(self) -> Generator[Any, Any, T]:
        coro = self._coro
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = coro.send(value) if error is None else coro.throw(error)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            try:
                value = yield step
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as exc:
                # Delivered into the coroutine, exactly as `await` would (cancellation too).
                error = exc
            if error is None and not shiboken6.isValid(self._owner):
                error = asyncio.CancelledError("owner destroyed")


def _cancel_owned(key: int, *_signal_args: object) -> None:
    for task in _tasks.pop(key, set()):
        task.cancel("owner destroyed")


def _task_done(key: int, coro: Coroutine[Any, Any, Any], task: asyncio.Task[Any]) -> None:
    # A task cancelled before its first step never started `coro`; closing it marks it as
    # handled instead of leaving a "coroutine was never awaited" warning for the collector.
    coro.close()
    tasks = _tasks.get(key)
    if tasks is not None:
        tasks.discard(task)
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        # An exception nobody handled is a bug: the crash reporter hears of it at once, not
        # whenever the task happens to be garbage-collected.
        task.get_loop().call_exception_handler(
            {
                "message": f"Unhandled exception in UI task {task.get_name()}",
                "exception": error,
                "task": task,
            }
        )


def running_tasks(owner: QObject) -> int:
    """How many spawned tasks `owner` still has (for tests and diagnostics)."""
    return len(_tasks.get(id(owner), ()))
