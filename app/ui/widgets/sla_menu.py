"""View → First-response target: how long a customer may wait before their queue row turns
amber (three quarters of it) and red (all of it). Saved per user; applies at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from app.domain.handling import DEFAULT_FIRST_RESPONSE_SECONDS
from app.ui import wording
from app.ui.i18n.language import LanguageSetting

CHOICES = (5 * 60, 15 * 60, 30 * 60, 60 * 60, 4 * 3600, 24 * 3600)
_KEY = "queue/first_response_seconds"


class SlaSetting:
    """The first-response target, beside the language in the user's `desk.ini`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_user(cls) -> SlaSetting:
        return cls(LanguageSetting.for_user().path)

    def read(self) -> int:
        value = QSettings(str(self.path), QSettings.Format.IniFormat).value(_KEY)
        try:
            seconds = int(str(value))
        except ValueError:
            return DEFAULT_FIRST_RESPONSE_SECONDS
        return seconds if seconds in CHOICES else DEFAULT_FIRST_RESPONSE_SECONDS

    def write(self, seconds: int) -> None:
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        settings.setValue(_KEY, seconds)
        settings.sync()


class SlaMenu(QMenu):
    """The target choices, the saved one checked; `applied` gets each new choice."""

    def __init__(
        self, setting: SlaSetting, applied: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("First-response &target"), parent)
        self.setObjectName("SlaMenu")
        self._setting = setting
        self._applied = applied
        group = QActionGroup(self)
        group.setExclusive(True)
        saved = setting.read()
        for seconds in CHOICES:
            action = QAction(wording.duration(seconds), self)
            action.setCheckable(True)
            action.setChecked(seconds == saved)
            action.setData(seconds)
            group.addAction(action)
            self.addAction(action)
        group.triggered.connect(self._chosen)

    def _chosen(self, action: QAction) -> None:
        seconds = int(action.data())
        self._setting.write(seconds)
        self._applied(seconds)
