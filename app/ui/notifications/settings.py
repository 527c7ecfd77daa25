"""The person's notification switches: do-not-disturb and whether banners show the words.

Each desk profile keeps its own, in the per-user settings file the language choice lives in
(`~/.config/switchboard/desk.ini` on Linux), under the desk's device id: two desks of one person
(two teams, say) can be set apart.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from app.domain.ids import DeviceId, short
from app.ui.i18n.language import LanguageSetting

log = logging.getLogger(__name__)


class SavedSwitches:
    """Where one desk's switches are kept: a group of an INI file, named after its device."""

    def __init__(self, path: Path, device: DeviceId) -> None:
        self.path = path
        self._group = f"notifications-{device.hex()}"
        self._device = device

    @classmethod
    def for_user(cls, device: DeviceId) -> SavedSwitches:
        """In the user's settings file, beside the language choice."""
        return cls(LanguageSetting.for_user().path, device)

    def load(self) -> tuple[bool, bool]:
        """(do not disturb, show text); the defaults (off, on) for what was never saved."""
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        settings.beginGroup(self._group)
        do_not_disturb = _flag(settings.value("do_not_disturb"), default=False)
        show_text = _flag(settings.value("show_text"), default=True)
        settings.endGroup()
        return do_not_disturb, show_text

    def save(self, do_not_disturb: bool, show_text: bool) -> None:
        """Raises OSError if the file cannot be written."""
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        settings.beginGroup(self._group)
        settings.setValue("do_not_disturb", do_not_disturb)
        settings.setValue("show_text", show_text)
        settings.endGroup()
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            raise OSError(f"cannot write the notification switches of {short(self._device)}")


def _flag(value: object, *, default: bool) -> bool:
    # QSettings gives back INI values as strings ("true"/"false"); anything else is not ours.
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return default


class NotificationSettings(QObject):
    """Do-not-disturb (off by default) and "show message text in notifications" (on), loaded
    from and saved to `saved` when given.

    Signals:
        changed(): Either switch changed.
    """

    changed = Signal()

    def __init__(self, saved: SavedSwitches | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._saved = saved
        self._do_not_disturb, self._show_text = saved.load() if saved else (False, True)

    @property
    def do_not_disturb(self) -> bool:
        return self._do_not_disturb

    def set_do_not_disturb(self, on: bool) -> None:
        if on != self._do_not_disturb:
            self._do_not_disturb = on
            self._changed()

    @property
    def show_text(self) -> bool:
        """Banners show the customer's words (the person's screen may be seen by others)."""
        return self._show_text

    def set_show_text(self, on: bool) -> None:
        if on != self._show_text:
            self._show_text = on
            self._changed()

    def _changed(self) -> None:
        if self._saved is not None:
            try:
                self._saved.save(self._do_not_disturb, self._show_text)
            except OSError:
                # The switch still works for this session; only keeping it failed.
                log.warning("notification switches not saved", exc_info=True)
        self.changed.emit()
