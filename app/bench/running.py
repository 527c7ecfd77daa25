"""What the benches share at run time: progress on stderr, a scratch folder, quiet logs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TextIO

from app.aio import cancel_and_wait
from app.bench.report import Progress
from app.system.collection import CHECK_EVERY_MS, collect_due

ProgressFactory = Callable[[str, int], Progress]
"""``progress("syncing", total)``: a new progress display for one long step."""


def progress_on_stderr(err: TextIO | None = None) -> ProgressFactory:
    """Progress bars when stderr is a terminal, plain lines every tenth otherwise."""
    stream = err or sys.stderr
    tty = stream.isatty()

    def make(what: str, total: int) -> Progress:
        return Progress(stream, what, total, time.perf_counter, tty=tty)

    return make


@contextlib.contextmanager
def work_dir(chosen: Path | None, bench: str) -> Iterator[Path]:
    """The folder given with --work-dir (kept), or a new temp folder removed afterwards."""
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen
        return
    made = Path(tempfile.mkdtemp(prefix=f"switchboard-bench-{bench}-"))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


@contextlib.asynccontextmanager
async def collected_as_the_desk_app() -> AsyncIterator[None]:
    """Python's cycle collector as the desk app runs it (`app.system.collection`): automatic
    collection off, the counts checked on the event loop every `CHECK_EVERY_MS`. A bench
    that times a desk in its own process without this would charge the desk for collections
    the app does not make (about 6 µs of a catching-up record's 80, docs/bench.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    checks = asyncio.create_task(_check_collection())
    try:
        yield
    finally:
        await cancel_and_wait(checks)  # a cancel of the bench itself still goes through
        if was_enabled:
            gc.enable()


async def _check_collection() -> None:
    while True:
        await asyncio.sleep(CHECK_EVERY_MS / 1000)
        collect_due()
