"""A slim, non-blocking "Syncing 34,000 of 100,000" line with a progress bar."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

_BAR_STEPS = 1000


def count(value: int) -> str:
    """A count with the locale's digit grouping ("34,000"), also under the C locale."""
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value)


class SyncProgressView(QWidget):
    """How much of the team log is applied; hides itself once caught up (unless told not to).

    It only shows numbers it is given, so it never waits for anything itself.
    """

    def __init__(self, parent: QWidget | None = None, *, hide_when_done: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("SyncProgress")
        self._hide_when_done = hide_when_done
        self.label = QLabel(self)
        self.label.setObjectName("Muted")
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, _BAR_STEPS)
        self.bar.setFixedHeight(6)
        self.bar.setMinimumWidth(80)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(8)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        self.setVisible(False)

    def set_progress(self, applied: int, total: int) -> None:
        """Show `applied` of `total` events (caught up when `applied >= total`)."""
        done = applied >= total
        if done:
            self.label.setText(self.tr("Up to date"))
        else:
            text = self.tr("Syncing %1 of %2").replace("%1", count(applied))
            self.label.setText(text.replace("%2", count(total)))
        self.bar.setValue(_BAR_STEPS if done else applied * _BAR_STEPS // max(1, total))
        self.setAccessibleName(self.label.text())
        self.setVisible(not (done and self._hide_when_done))
