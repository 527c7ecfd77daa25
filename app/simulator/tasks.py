"""A small owner for fire-and-forget tasks: keeps them referenced, logs failures, cancels all."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

from app.aio import cancel_and_wait

log = logging.getLogger(__name__)

T = TypeVar("T")


class BackgroundTasks:
    """Holds tasks (asyncio keeps only weak references) until they finish or are cancelled."""

    def __init__(self) -> None:
        """Start empty."""
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        """Number of tasks still running."""
        return len(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T]:
        """Run ``coro`` as a task owned by this set.

        Args:
            coro: The coroutine to run.
            name: Task name, used in logs.

        Returns:
            The task; awaiting it still raises the task's exception.
        """
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    async def cancel_all(self) -> None:
        """Cancel every task and wait until all have finished."""
        await cancel_and_wait(*self._tasks)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Otherwise a failure in a task nobody awaits would vanish silently.
            log.error("task %s failed", task.get_name(), exc_info=task.exception())
