"""The UI-thread collector: automatic collection off, cycles still collected, on this thread."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication

from app.ui.ui_thread_gc import UiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle only the cycle collector frees


def test_it_takes_over_collection_and_frees_cycles_when_counts_pass_thresholds(
    qapp: QApplication,
) -> None:
    collector = UiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        for _ in range(gc.get_threshold()[0] + 1):
            _Node()  # allocations push generation 0 past its threshold, and nothing collects
        assert gc.get_count()[0] > gc.get_threshold()[0]
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None
        assert collector.check() is not None  # any generation it picks includes the youngest
        assert gone() is None
    finally:
        collector.stop()
    assert gc.isenabled()
