"""Python's cycle collector, run on the UI thread only.

The collector runs on whichever thread happens to allocate. The desk runs Python on worker
threads (opening records, the replica's thread), so a Qt object caught in a reference cycle
could be freed there, off the thread it lives on, and Qt then crashes at its next event (seen
as segfaults in test runs). Automatic collection is switched off and a timer on the UI thread
collects whenever the allocation counts pass the usual thresholds, generation by generation,
as the automatic collector would (the approach pyqtgraph's GarbageCollector takes).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from app.system.collection import CHECK_EVERY_MS, collect_due

__all__ = ["UiThreadCollector"]


class UiThreadCollector(QObject):
    """While it runs, collection happens only on the thread that owns it (the UI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Give collection back to Python, as it was before `start`."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def check(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold; which one, or None."""
        return collect_due()
