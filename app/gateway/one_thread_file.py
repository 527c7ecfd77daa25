"""An SQLite file the gateway keeps on one worker thread of its own (the gateway's state, the
notification store): calls run in order there, never on the loop."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_Call = tuple[Callable[..., Any], tuple[object, ...], asyncio.Future[Any]]


class OneThreadFile:
    """Open with `_start`, `close` after; `_run` a call on the file's thread.

    The thread takes calls from a plain queue and answers each caller's future on its loop,
    rather than through a `ThreadPoolExecutor`: `run_in_executor` wraps a concurrent future in
    an asyncio one, with callbacks both ways and a condition variable per submit, about 21 µs
    of CPU per call against 9 here, and the author chain's reservation makes one call per run.
    A call whose caller stopped waiting before the thread took it is skipped, as the executor
    did.
    """

    _THREAD = "gateway-file"
    """The worker thread's name (each store names its own)."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[_Call | None] | None = None
        self._thread: threading.Thread | None = None
        self._db: sqlite3.Connection | None = None

    async def _start(self, open_sync: Callable[..., None], *args: object) -> None:
        """Start the thread and run `open_sync` on it; closes again if that fails."""
        self._calls = queue.SimpleQueue()
        # A daemon: a file never closed must not keep the process from exiting (the executor
        # had an exit hook for that). Stopped mid-call is a crash, which WAL and the spool's
        # order (spool, hub, removal) are made to survive.
        self._thread = threading.Thread(
            target=_serve, args=(self._calls,), name=f"{self._THREAD}_0", daemon=True
        )
        self._thread.start()
        try:
            await self._run(open_sync, *args)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the file; idempotent."""
        if self._calls is None or self._thread is None:
            return
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._calls.put(None)
        self._thread.join()  # at once: the calls before the stop were answered
        self._calls = self._thread = None

    async def _run(self, call: Callable[..., T], *args: object) -> T:
        if self._calls is None:
            raise RuntimeError(f"{self._THREAD} is not open")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._calls.put((call, args, future))
        return await future

    def _conn(self) -> sqlite3.Connection:
        assert self._db is not None
        return self._db


def _serve(calls: queue.SimpleQueue[_Call | None]) -> None:
    """The file's thread: each call in order, its outcome handed to the caller's loop."""
    while (taken := calls.get()) is not None:
        call, args, future = taken
        if future.cancelled():  # the caller went away before its turn
            continue
        try:
            outcome: tuple[object, BaseException | None] = (call(*args), None)
        except BaseException as error:  # noqa: BLE001 - the caller's to handle, on its loop
            outcome = (None, error)
        loop = future.get_loop()
        with contextlib.suppress(RuntimeError):  # its loop is closed: no one to answer
            loop.call_soon_threadsafe(_settle, future, *outcome)


def _settle(future: asyncio.Future[Any], result: object, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
