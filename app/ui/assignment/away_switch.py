"""Each agent's Away switch: a status-bar button and a Desk menu entry (Ctrl+Shift+Y) that
say which way it is set; a click tells the team (kind 40), so auto-assignment gives her
nothing while she is away. The log is the truth: the switch shows what this replica says."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from app.domain.errors import SwitchboardError
from app.services.api import Changes, DeskApi
from app.ui.bridge import spawn
from app.ui.messages import MessageChannel

AWAY_SHORTCUT = "Ctrl+Shift+Y"


class AwaySwitch(QObject):
    """The switch's action (for the menu) and button (for the status bar), kept in step.

    Signals:
        away_changed(frozenset): Who is away now (device ids), for lists of colleagues.
    """

    away_changed = Signal(frozenset)

    def __init__(self, api: DeskApi, messages: MessageChannel, window: QWidget) -> None:
        super().__init__(window)
        self._api = api
        self._messages = messages
        self.away = False
        self.action = QAction(self.tr("&Away"), self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(AWAY_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self._chosen)
        self.button = QToolButton(window)
        self.button.setObjectName("AwaySwitch")
        self.button.setAutoRaise(True)
        self.button.setCheckable(True)
        self.button.setToolTip(
            self.tr("Away: auto-assignment gives you no new conversations (Ctrl+Shift+Y).")
        )
        self.button.clicked.connect(self._chosen)
        self._show()

    def refresh(self) -> None:
        """Ask the replica whether this agent is away."""
        spawn(self, self._load(), name="away-load")

    def apply_changes(self, changes: Changes) -> None:
        if changes.assignment_changed:
            self.refresh()

    async def _load(self) -> None:
        away = await self._api.assignment.away_agents()
        self.away = self._api.me in away
        self._show()
        self.away_changed.emit(away)

    def _chosen(self, checked: bool) -> None:
        self._show()  # until the log says otherwise, the switch shows what it was
        spawn(self, self._set(checked), name="away-set")

    async def _set(self, away: bool) -> None:
        try:
            await self._api.assignment.set_away(away)
        except SwitchboardError as error:
            self._messages.report(error, "set-away")
            return
        self.away = away
        self._show()

    def _show(self) -> None:
        self.action.setChecked(self.away)
        self.button.setChecked(self.away)
        self.button.setText(self.tr("Away") if self.away else self.tr("Available"))
        self.button.setAccessibleName(self.button.text())
