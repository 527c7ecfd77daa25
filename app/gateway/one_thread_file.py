"""An SQLite file the gateway keeps on one worker thread of its own (the gateway's state, the
notification store): calls run in order there, never on the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class OneThreadFile:
    """Open with `_start`, `close` after; `_run` a call on the file's thread."""

    _THREAD = "gateway-file"
    """The worker thread's name (each store names its own)."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._db: sqlite3.Connection | None = None

    async def _start(self, open_sync: Callable[..., None], *args: object) -> None:
        """Start the thread and run `open_sync` on it; closes again if that fails."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._THREAD)
        try:
            await self._run(open_sync, *args)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the file; idempotent."""
        if self._executor is None:
            return
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._executor.shutdown(wait=True)
        self._executor = None

    async def _run(self, call: Callable[..., T], *args: object) -> T:
        if self._executor is None:
            raise RuntimeError(f"{self._THREAD} is not open")
        return await asyncio.get_running_loop().run_in_executor(self._executor, call, *args)

    def _conn(self) -> sqlite3.Connection:
        assert self._db is not None
        return self._db
