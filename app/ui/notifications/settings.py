"""The person's notification switches: do-not-disturb and whether banners show the words.

Kept for the session only: Switchboard has no settings store yet (`app.settings` is empty), so
both switches start from their defaults each time a desk opens. When it has one, load and save
these two values there, per desk profile.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class NotificationSettings(QObject):
    """Do-not-disturb (off by default) and "show message text in notifications" (on).

    Signals:
        changed(): Either switch changed.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._do_not_disturb = False
        self._show_text = True

    @property
    def do_not_disturb(self) -> bool:
        return self._do_not_disturb

    def set_do_not_disturb(self, on: bool) -> None:
        if on != self._do_not_disturb:
            self._do_not_disturb = on
            self.changed.emit()

    @property
    def show_text(self) -> bool:
        """Banners show the customer's words (the person's screen may be seen by others)."""
        return self._show_text

    def set_show_text(self, on: bool) -> None:
        if on != self._show_text:
            self._show_text = on
            self.changed.emit()
