"""Showing and hiding the customer panel: the agent's choice, remembered, and the room there is.

The agent toggles the panel with a button in the conversation header or Ctrl+I; the choice is
kept per user beside the language (one person reads all their desks the same way). Below a
width where the panel would squeeze the thread, it steps aside on its own, its button leaves
the header to the thread, and the menu's command says why; the agent's choice is kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QToolButton, QWidget

from app.ui.i18n.language import LanguageSetting
from app.ui.icons import icon_pixmap
from app.ui.theme import COLORS
from app.ui.widgets.customer_panel import PANEL_WIDTH

log = logging.getLogger(__name__)

PANEL_SHORTCUT = "Ctrl+I"
THREAD_MIN_WIDTH = 520
"""The thread keeps at least this much room, below it plus the panel the panel steps aside: the
conversation header stacks its lines under 520 pixels. A 1120-pixel desk keeps both."""
_KEY = "customer_panel/shown"


class PanelSetting:
    """Whether the agent wants the customer panel, in the user's settings file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_user(cls) -> PanelSetting:
        """In the user's settings file, beside the language choice."""
        return cls(LanguageSetting.for_user().path)

    def read(self) -> bool:
        """The stored choice; shown when none is stored."""
        value = QSettings(str(self.path), QSettings.Format.IniFormat).value(_KEY, True)
        # INI files give back strings; anything but "false" keeps the default.
        return value not in (False, "false")

    def write(self, shown: bool) -> None:
        """Raises OSError if the file cannot be written."""
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        settings.setValue(_KEY, shown)
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            raise OSError(f"cannot write the customer panel setting to {self.path}")


class PanelToggle(QObject):
    """The customer panel's toggle (`action`, `button`) and its rule about room.

    Watches `pane` (the conversation pane that holds the panel) for its width.
    """

    def __init__(self, panel: QWidget, pane: QWidget, setting: PanelSetting) -> None:
        super().__init__(pane)
        self._panel = panel
        self._setting = setting
        self._roomy = False  # until the pane's first resize says otherwise
        self.action = QAction(self.tr("Customer &panel"), self)
        self.action.setCheckable(True)
        self.action.setChecked(setting.read())
        self.action.setShortcut(QKeySequence(PANEL_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setIcon(QIcon(icon_pixmap("contact", 18, COLORS.muted)))
        self.action.toggled.connect(self._toggled)
        self.button = QToolButton(pane)
        self.button.setObjectName("PanelToggle")
        self.button.setDefaultAction(self.action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.button.setAutoRaise(True)
        self.button.setAccessibleName(self.tr("Customer panel"))
        panel.hide()
        pane.installEventFilter(self)
        self._apply()

    @property
    def roomy(self) -> bool:
        """The pane is wide enough for the thread and the panel side by side."""
        return self._roomy

    def fit(self, width: int) -> None:
        """The pane is now `width` pixels wide."""
        roomy = width >= THREAD_MIN_WIDTH + PANEL_WIDTH
        if roomy != self._roomy:
            self._roomy = roomy
            self._apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self.fit(event.size().width())
        return False

    def _toggled(self, shown: bool) -> None:
        try:
            self._setting.write(shown)
        except OSError as error:
            log.warning("the customer panel choice is not kept: %s", error)
        self._apply()

    def _apply(self) -> None:
        self._panel.setVisible(self.action.isChecked() and self._roomy)
        self.action.setEnabled(self._roomy)
        if self._roomy:
            tip = self.tr("Show or hide the customer panel (%1)").replace("%1", PANEL_SHORTCUT)
        else:
            tip = self.tr("Widen the window to see the customer panel")
        self.action.setToolTip(tip)
        self.button.setToolTip(tip)
        # A narrow header needs every pixel for the name, the countdown and the Claim button;
        # the menu keeps the (disabled) command and says why.
        self.button.setVisible(self._roomy)
