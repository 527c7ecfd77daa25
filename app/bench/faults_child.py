"""A child process of `switchboard bench faults`: started, asked, frozen, killed, restarted.

Each child is ``python -m <module>`` that reads one JSON line of settings on stdin, prints
``ready`` once it works, answers ``report`` with one line ``report <JSON>``, and on ``stop``
closes and prints ``done``. Its stderr is appended to a log file in the run's folder, so the
lines of every life of one desk or gateway end up together.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bench.child import spawn_child

log = logging.getLogger(__name__)

READY_WITHIN = 60.0
"""Seconds a (re)started child may take to catch up and say ``ready``."""
ANSWER_WITHIN = 10.0
"""Seconds a running child may take to answer ``report``: slower counts as hung."""
STOP_WITHIN = 20.0
"""Seconds a child may take to close after ``stop``: slower counts as hung at shutdown."""
LINE_LIMIT = 256 * 1024 * 1024
"""Longest line a child may print: a desk's report lists every message it holds, far past
asyncio's default of 64 KiB after a few minutes of traffic."""


class ChildFailed(Exception):
    """A child ended, did not start or did not answer in time; the message says which."""


@dataclass(eq=False)
class Child:
    """One desk or gateway process, across its lives (each start is a new process)."""

    name: str
    module: str
    settings: str
    """The JSON line handed to every life."""
    log_path: Path
    lives: int = 0
    process: asyncio.subprocess.Process | None = None
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _done: asyncio.Event = field(default_factory=asyncio.Event)
    _answer: asyncio.Future[dict[str, Any]] | None = None
    _asking: asyncio.Lock = field(default_factory=asyncio.Lock)
    _listener: asyncio.Task[None] | None = None
    frozen: bool = False
    clock_offset: float = 0.0
    """Seconds the run's clock is ahead of the machine's (`faults_clock`): every life starts
    with it (as ``clock_offset`` in its settings), and `set_clock` moves a running one."""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        """Start a new life and wait until it says ``ready``."""
        self._ready, self._done = asyncio.Event(), asyncio.Event()
        with self.log_path.open("ab") as err:
            self.process = await spawn_child(self.module, err, limit=LINE_LIMIT)
        self.lives += 1
        self._listener = asyncio.create_task(self._listen(self.process), name=f"{self.name}-out")
        settings = json.loads(self.settings) | {"clock_offset": self.clock_offset}
        await self._send(json.dumps(settings))
        try:
            async with asyncio.timeout(READY_WITHIN):
                await self._ready.wait()
        except TimeoutError:
            raise ChildFailed(f"{self.name} not ready within {READY_WITHIN:.0f} s") from None
        if not self.running:
            raise ChildFailed(f"{self.name} ended at start; see {self.log_path.name}")

    async def ask(self, command: str = "report", within: float = ANSWER_WITHIN) -> dict[str, Any]:
        """Its answer to `command`. Raises ChildFailed if it is not running or does not answer."""
        async with self._asking:
            if not self.running:
                raise ChildFailed(f"{self.name} is not running")
            answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
            self._answer = answer
            await self._send(command)
            try:
                async with asyncio.timeout(within):
                    return await answer
            except TimeoutError:
                raise ChildFailed(f"{self.name} did not answer within {within:.0f} s") from None
            finally:
                self._answer = None

    async def set_clock(self, offset: float) -> None:
        """The run's clock moved: this life's clock too, if it runs, and every later life's."""
        self.clock_offset = offset
        if self.running and not self.frozen:
            await self.ask(f"clock {offset}")

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug would."""
        self._signal(signal.SIGKILL)
        self.frozen = False

    def freeze(self) -> None:
        self._signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)
        self.frozen = False

    async def reaped(self) -> None:
        """Wait until the current life has ended (after `kill`)."""
        if self.process is not None:
            await self.process.wait()
        await self._listened()

    async def stop(self, within: float = STOP_WITHIN) -> bool:
        """Ask it to close; False if it did not within `within` s (it is killed then)."""
        if not self.running:
            await self._listened()
            return True
        if self.frozen:
            self.thaw()
        with contextlib.suppress(ConnectionError):
            await self._send("stop")
        try:
            async with asyncio.timeout(within):
                await self._done.wait()
                assert self.process is not None
                clean = await self.process.wait() == 0
        except TimeoutError:
            clean = False
            self.kill()
        await self.reaped()
        return clean

    def _signal(self, number: signal.Signals) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(number)

    async def _send(self, line: str) -> None:
        assert self.process is not None
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def _listen(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        try:
            async for raw in process.stdout:
                self._heard(raw.decode().strip())
        except (ValueError, UnicodeDecodeError):
            # A line past LINE_LIMIT or not JSON: nobody reads this life's output any more, and
            # a child blocked on a full pipe would hang its reaping too.
            log.exception("%s said something unreadable; killing it", self.name)
            process.kill()
        finally:
            self._ready.set()  # ended: nobody waits for a process that is gone
            if self._answer is not None and not self._answer.done():
                self._answer.set_exception(ChildFailed(f"{self.name} ended"))

    def _heard(self, line: str) -> None:
        if line == "ready":
            self._ready.set()
        elif line == "done":
            self._done.set()
        elif line.startswith("report ") and self._answer and not self._answer.done():
            self._answer.set_result(json.loads(line[len("report ") :]))

    async def _listened(self) -> None:
        if self._listener is not None:
            await self._listener
            self._listener = None
