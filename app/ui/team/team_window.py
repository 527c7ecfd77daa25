"""The team panel and the number panel as windows of their own, opened from a desk."""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.lists_api import LabelsApi
from app.services.team_api import TeamAdmin
from app.ui.resources import app_icon
from app.ui.team.back_office_panel import BackOfficePanel
from app.ui.team.hours_panel import BusinessHoursPanel
from app.ui.team.menu_panel import MenuPanel
from app.ui.team.notices_panel import NoticesPanel
from app.ui.team.number_panel import NumberPanel
from app.ui.team.team_panel import TeamPanel
from app.ui.team.templates_panel import TemplatesPanel


class PanelWindow(QWidget):
    """A top-level window around one panel; Esc closes it, and it dies with its desk."""

    def __init__(self, panel: QWidget, title: str, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.setWindowIcon(app_icon())
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.panel = panel
        panel.setParent(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(panel)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)


class TeamWindows:
    """Opens the team and number windows for a desk, one of each at a time."""

    def __init__(
        self, owner: QWidget, team: TeamAdmin, clock: Callable[[], float] = time.time
    ) -> None:
        self._owner = owner
        self.team = team
        self._clock = clock
        self.team_window: PanelWindow | None = None
        self.number_window: PanelWindow | None = None
        self.notices_window: PanelWindow | None = None
        self.templates_window: PanelWindow | None = None
        self.back_office_window: PanelWindow | None = None
        self.hours_window: PanelWindow | None = None
        self.menu_window: PanelWindow | None = None

    def show_team(self) -> None:
        if not _alive(self.team_window):
            panel = TeamPanel(self.team, self._clock)
            self.team_window = PanelWindow(
                panel, QCoreApplication.translate("TeamPanel", "Team"), self._owner
            )
            self.team_window.resize(760, 520)
        _raise(self.team_window)

    def show_number(self) -> None:
        if not _alive(self.number_window):
            panel = NumberPanel(self.team, self._clock)
            self.number_window = PanelWindow(
                panel, QCoreApplication.translate("NumberPanel", "WhatsApp number"), self._owner
            )
            self.number_window.resize(760, 720)
        _raise(self.number_window)

    def show_notices(self) -> None:
        """Meta's notices for admins (newest first); opening them marks them read."""
        if not _alive(self.notices_window):
            panel = NoticesPanel(self.team)
            self.notices_window = PanelWindow(
                panel, QCoreApplication.translate("NoticesPanel", "Notices from Meta"), self._owner
            )
            self.notices_window.resize(680, 560)
        _raise(self.notices_window)

    def show_templates(self) -> None:
        """The number's templates with status and quality, and "New template…" (admins)."""
        if not _alive(self.templates_window):
            panel = TemplatesPanel(self.team)
            self.templates_window = PanelWindow(
                panel,
                QCoreApplication.translate("TemplatesPanel", "Message templates"),
                self._owner,
            )
            self.templates_window.resize(760, 520)
        _raise(self.templates_window)

    def show_back_office(self) -> None:
        """Back-office systems' tokens: create, show once, revoke (admins)."""
        if not _alive(self.back_office_window):
            panel = BackOfficePanel(self.team)
            self.back_office_window = PanelWindow(
                panel,
                QCoreApplication.translate("BackOfficePanel", "Back-office systems"),
                self._owner,
            )
            self.back_office_window.resize(720, 480)
        _raise(self.back_office_window)

    def show_business_hours(self) -> None:
        """Opening hours, holidays, greeting and away messages (admins)."""
        if not _alive(self.hours_window):
            panel = BusinessHoursPanel(self.team)
            self.hours_window = PanelWindow(
                panel,
                QCoreApplication.translate("BusinessHoursPanel", "Business hours"),
                self._owner,
            )
            self.hours_window.resize(760, 680)
        _raise(self.hours_window)

    def show_menu(self, labels: LabelsApi) -> None:
        """The menu new conversations get, each option applying a label (admins)."""
        if not _alive(self.menu_window):
            panel = MenuPanel(self.team, labels)
            self.menu_window = PanelWindow(
                panel, QCoreApplication.translate("MenuPanel", "Menu"), self._owner
            )
            self.menu_window.resize(900, 620)
        _raise(self.menu_window)


def _alive(window: PanelWindow | None) -> bool:
    return window is not None and shiboken6.isValid(window)


def _raise(window: PanelWindow | None) -> None:
    if window is not None:
        window.show()
        window.raise_()
        window.activateWindow()
