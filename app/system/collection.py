"""When the desk app runs Python's cycle collector: from its event loop's thread, not on
allocation.

The collector runs on whichever thread happens to allocate, and a collection triggered there
scans every young object with the GIL held. The desk app therefore switches automatic
collection off and looks at the allocation counts every `CHECK_EVERY_MS` on its event loop's
(the UI) thread (`app.ui.ui_thread_gc`): Qt objects are freed on their own thread, and a
catching-up desk, which allocates some dozens of objects a record on its worker threads, pays
one collection at most per check instead of one per 700 allocations (measured in `bench
cold-sync`: about 6 µs of a record's 80, docs/bench.md).
"""

from __future__ import annotations

import gc

__all__ = ["CHECK_EVERY_MS", "collect_due"]

CHECK_EVERY_MS = 500
"""How often the counts are looked at; a check that finds nothing to do costs microseconds."""


def collect_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold, as the automatic
    collector would have; which one, or None."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None
