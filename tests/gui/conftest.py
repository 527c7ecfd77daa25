"""Real windows beside real desks: Python's cycle collector runs only on the UI thread here.

The collector runs on whichever thread happens to allocate. A desk now runs Python on worker
threads (opening records), so a Qt object left in a reference cycle (a window's helper, a
timer) could be freed off the UI thread, and Qt crashed in the next event it processed
(segfaults in CI in test_usable_while_syncing after test_join_sync_window). Each test here
starts with garbage of earlier tests collected on this thread, runs with automatic collection
off, and collects its own at the end, on this thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()
