"""What the benches share at run time: progress on stderr, a scratch folder, quiet logs."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from app.bench.report import Progress

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
