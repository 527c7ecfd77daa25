"""The spool's writer as the event loop sees it: a process of its own (`spool_process`), told
through its standard input what to append and remove, answering each round once it is
committed.

Appends are handed over once per loop round (`Spool.add`); whatever rounds reach the writer
while it flushes share its next transaction, so a burst of POSTs costs a few disk flushes. A
removal lingers up to `REMOVAL_LINGER_S` for an append to travel with, so it rides on that
append's write, and its transaction whenever the pipe holds both at once (a large body may
be read after the removal is committed alone), instead of costing a round of its own.

If the writer process ends while the gateway runs (killed, or a bug), every round it had not
answered fails (an append's POST is answered 503 and Meta sends it again; a removal only
leaves a body that is published again, which the desks fold into one copy), appends fail at
once until a new writer is up, and a new one is started after a pause that doubles up to
`LONGEST_RESTART_S`.
"""

from __future__ import annotations

import asyncio
import collections
import errno
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from app.aio import cancel_and_wait
from app.gateway import spool_frames as frames

__all__ = ["REMOVAL_LINGER_S", "Round", "SpoolWriter", "writer_command"]

log = logging.getLogger(__name__)

REMOVAL_LINGER_S = 0.05
"""Longest wait of a removal for an append to share its transaction: at a few webhooks a
second and more, the next POST comes first; a crash in between republishes at most this
long's worth of bodies (the desks keep one copy)."""
FIRST_RESTART_S = 0.5
LONGEST_RESTART_S = 30.0
_APPEND_ANSWERS = (frames.APPENDED, frames.REFUSED, frames.BROKEN)
_REMOVE_ANSWERS = (frames.REMOVED, frames.BROKEN)


@dataclass(slots=True)
class Round:
    """What one request carries, and what came of it."""

    appends: list[tuple[bytes, asyncio.Future[None]]] = field(default_factory=list)
    removals: list[tuple[list[int], asyncio.Future[None]]] = field(default_factory=list)
    last_id: int = 0
    """The id the last appended body got (they are consecutive)."""
    removed: BaseException | None = None
    """Why the removals failed, if they did."""
    refused: BaseException | None = None
    """Why the appends failed, if they did."""


def writer_command() -> list[str]:
    """How to start the writer process: this program again (a frozen build has no `-m`)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, frames.WRITER_ARGUMENT]
    return [sys.executable, "-m", "app.gateway.spool_process"]


class SpoolWriter:
    """Starts the writer process and hands it rounds; `done` is called on the loop after each
    round is answered."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        keep_free: int,
        done: Callable[[Round], None],
        lost: Callable[[], None] = lambda: None,
    ):
        """
        Args:
            path, key, keep_free: The spool's file, its key and the disk space to leave.
            done: Told each round, on the loop, once it is answered (or failed).
            lost: Told when a writer ended while the gateway runs: what it committed
                without answering is on disk, not where the caller expects it.
        """
        self._open = frames.open_request(key, keep_free, str(path))
        self._done = done
        self._told_lost = lost
        self._pause = FIRST_RESTART_S
        """The pause before the next start after a loss: doubled by every loss or failed
        start, back to the first once a writer has answered an append."""
        self._link: _Link | None = None
        self._sent: collections.deque[Round] = collections.deque()
        """Rounds handed to the process and not yet answered, in order."""
        self._removals: list[tuple[list[int], asyncio.Future[None]]] = []
        self._linger: asyncio.TimerHandle | None = None
        self._restarter: asyncio.Task[None] | None = None
        self._stopping = False
        self._started = False

    @property
    def running(self) -> bool:
        return self._started and not self._stopping

    @property
    def pid(self) -> int | None:
        """The writer process's id (None between two of them), for CPU accounting."""
        return None if self._link is None else self._link.pid

    async def start(self) -> None:
        """Start the process and open the spool in it.

        Raises:
            OSError: The process could not start or open the file.
        """
        self._link = await _Link.start(self._open, self._answered, self._lost)
        self._started = True

    async def stop(self) -> None:
        """Finish what was handed over (its callers are answered), then end the process."""
        self._stopping = True
        await cancel_and_wait(self._restarter)
        self._send_removals()
        link = self._link
        if link is not None:
            await link.drained(lambda: not self._sent)
            await link.close()
        self._link = None
        self._fail_all(OSError(errno.EIO, "the spool is closed"))

    def append(self, bodies: list[tuple[bytes, asyncio.Future[None]]]) -> None:
        """Hand over one loop round's bodies (and any lingering removals before them)."""
        round_ = Round(appends=bodies)
        if self._link is None:  # between two writer processes: Meta sends them again
            round_.refused = OSError(errno.EIO, "the spool's writer is restarting")
            asyncio.get_running_loop().call_soon(self._done, round_)
            return
        request = frames.append_request([raw for raw, _ in bodies])
        removal = self._take_removals()
        if removal is not None:
            # One write for both: two woke the writer twice (a transaction and an answer
            # for the removal alone, half the time) and cost the loop a pipe write more.
            self._sent.append(removal[0])
            request = removal[1] + request
        self._send(round_, request)

    def remove(self, ids: list[int], future: asyncio.Future[None]) -> None:
        self._removals.append((ids, future))
        if self._linger is None:
            loop = asyncio.get_running_loop()
            self._linger = loop.call_later(REMOVAL_LINGER_S, self._send_removals)

    def _send_removals(self) -> None:
        """Send the lingering removals alone (the linger ended, or the writer stops)."""
        removal = self._take_removals()
        if removal is None:
            return
        round_, request = removal
        if self._link is None:
            round_.removed = OSError(errno.EIO, "the spool's writer is restarting")
            self._done(round_)
            return
        self._send(round_, request)

    def _take_removals(self) -> tuple[Round, bytes] | None:
        """The lingering removals as a round and its request, for the caller to send."""
        self._cancel_linger()
        removals, self._removals = self._removals, []
        if not removals:
            return None
        ids = [i for batch, _ in removals for i in batch]
        return Round(removals=removals), frames.remove_request(_runs(ids))

    def _cancel_linger(self) -> None:
        if self._linger is not None:
            self._linger.cancel()
            self._linger = None

    def _send(self, round_: Round, request: bytes) -> None:
        assert self._link is not None
        self._sent.append(round_)
        self._link.send(request)

    def _answered(self, answer: frames.Answer) -> None:
        """One answer, for the oldest round sent.

        Raises:
            FrameError: No round waits, or the answer is not one its round can get: the
                writer is out of step, and its link is ended (which fails every round).
        """
        if not self._sent:
            raise frames.FrameError("an answer to no request")
        round_ = self._sent[0]
        expected = _APPEND_ANSWERS if round_.appends else _REMOVE_ANSWERS
        if answer.kind not in expected:
            raise frames.FrameError("an answer of the wrong kind")
        self._sent.popleft()
        if answer.kind == frames.APPENDED:
            round_.last_id = answer.value
            self._pause = FIRST_RESTART_S
        elif answer.kind == frames.REFUSED:
            round_.refused = OSError(answer.value, os.strerror(answer.value))
        elif answer.kind == frames.BROKEN:
            round_.removed = round_.refused = OSError(answer.value, os.strerror(answer.value))
        try:
            self._done(round_)
        except Exception:  # a bug in the caller: the rounds after it must still be answered
            log.exception("a spool round's callers could not be told")

    def _lost(self, link: _Link) -> None:
        """The process ended (or its link broke) while the gateway runs."""
        self._link = None
        self._fail_all(OSError(errno.EIO, "the spool's writer stopped"))
        if self._stopping:
            return
        self._told_lost()
        self._restarter = asyncio.get_running_loop().create_task(
            self._restart(link), name="spool-writer-restart"
        )

    async def _restart(self, lost: _Link) -> None:
        status = await lost.close()
        log.error(
            "the webhook spool's writer stopped (exit status %s): another starts in %.1f s",
            status,
            self._pause,
        )
        while not self._stopping:
            pause, self._pause = self._pause, min(self._pause * 2, LONGEST_RESTART_S)
            await asyncio.sleep(pause)  # a pause between attempts, not a wait for a condition
            try:
                self._link = await _Link.start(self._open, self._answered, self._lost)
            except OSError as exc:
                log.error("the webhook spool's writer did not start again: %s", exc.strerror)
                continue
            log.warning("the webhook spool's writer runs again")
            return

    def _fail_all(self, error: OSError) -> None:
        sent, self._sent = self._sent, collections.deque()
        for round_ in sent:
            round_.removed = round_.refused = error
            self._done(round_)


class _Link(asyncio.SubprocessProtocol):
    """One writer process and its pipes: requests down its standard input, answers up its
    standard output (pipes work on every platform and loop the gateway runs on)."""

    def __init__(
        self,
        answered: Callable[[frames.Answer], None],
        lost: Callable[[_Link], None],
    ) -> None:
        loop = asyncio.get_running_loop()
        self._answered = answered
        self._lost = lost
        self._buffer = bytearray()
        self._ready: asyncio.Future[None] = loop.create_future()
        self._exited: asyncio.Future[None] = loop.create_future()
        self._transport: asyncio.SubprocessTransport | None = None
        self._stdin: asyncio.WriteTransport | None = None
        self._closing = False
        self._progress = asyncio.Event()

    @classmethod
    async def start(
        cls,
        open_request: bytes,
        answered: Callable[[frames.Answer], None],
        lost: Callable[[_Link], None],
    ) -> _Link:
        """Start a writer process and open the spool in it.

        Raises:
            OSError: It could not start, or could not open the file (its errno).
        """
        link = cls(answered, lost)
        await asyncio.get_running_loop().subprocess_exec(
            lambda: link,
            *writer_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # a crash's last words go to the gateway's own log
        )
        link.send(open_request)
        try:
            await link._ready
        except BaseException:
            await link.close()
            raise
        return link

    @property
    def pid(self) -> int | None:
        return None if self._transport is None else self._transport.get_pid()

    def send(self, request: bytes) -> None:
        """Hand a request over (buffered by the loop: never waits)."""
        if self._stdin is not None and not self._stdin.is_closing():
            self._stdin.write(request)

    async def drained(self, done: Callable[[], bool]) -> None:
        """Until `done()` holds or the process ended."""
        while not done() and not self._exited.done():
            self._progress.clear()
            await self._progress.wait()

    async def close(self) -> int | None:
        """Hang up, which ends the process once its transaction is done; wait for that.

        Returns:
            The process's exit status.
        """
        self._closing = True
        if self._stdin is not None:
            self._stdin.close()
        await asyncio.shield(self._exited)
        assert self._transport is not None
        status = self._transport.get_returncode()
        self._transport.close()
        return status

    # -- asyncio.SubprocessProtocol ------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.SubprocessTransport, transport)
        self._stdin = cast(asyncio.WriteTransport, self._transport.get_pipe_transport(0))

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        self._buffer += data
        try:
            for answer in frames.read_answers(self._buffer):
                if self._ready.done():
                    self._answered(answer)
                else:
                    self._opened(answer)
        except frames.FrameError:
            log.error("the webhook spool's writer said something unreadable: ending it")
            self._kill()
        self._progress.set()

    def connection_lost(self, exc: Exception | None) -> None:
        """The process ended and its pipes closed, so every answer it gave was read."""
        if not self._exited.done():
            self._exited.set_result(None)
        self._progress.set()
        if not self._ready.done():
            self._ready.set_exception(OSError(errno.EIO, "the spool's writer did not start"))
        elif not self._closing:
            self._lost(self)

    def _opened(self, answer: frames.Answer) -> None:
        if answer.kind == frames.READY:
            self._ready.set_result(None)
            return
        code = answer.value or errno.EIO
        self._ready.set_exception(OSError(code, os.strerror(code)))

    def _kill(self) -> None:
        if self._transport is not None and self._transport.get_returncode() is None:
            self._transport.kill()


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    """`ids` as (first, last) of each run of consecutive ids: the drain removes bodies in
    arrival order, so a round's removals are one range or a few."""
    runs: list[tuple[int, int]] = []
    for i in sorted(ids):
        if runs and runs[-1][1] + 1 == i:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
