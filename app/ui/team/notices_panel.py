"""The admins' notices: what Meta told the business about its number, account and templates,
newest first. Opening the list marks what it shows as read on this desk; new notices arrive
while it is open (`TeamChange.NOTICES`)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from app.domain.admin_notice import ListedNotice
from app.domain.errors import NotPermitted, SwitchboardError
from app.services.team_api import TeamAdmin, TeamChange
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.team.notice_words import notice_lines, notice_title, when
from app.ui.team.team_bridge import TeamBridge

log = logging.getLogger(__name__)


class NoticesPanel(QWidget):
    """The list of Meta's notices for admins."""

    def __init__(self, team: TeamAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.title = QLabel(self.tr("Notices from Meta"), self)
        self.title.setObjectName("PageTitle")
        self.explanation = QLabel(
            self.tr(
                "What Meta told the business about its number, account and templates. "
                "Only admins see these."
            ),
            self,
        )
        self.explanation.setObjectName("Muted")
        self.explanation.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel(self.tr("Meta has not told the business anything yet."), self)
        self.empty.setObjectName("Muted")
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addWidget(self.error)
        column.addWidget(self.empty)
        column.addWidget(self.list, 1)
        self.bridge = TeamBridge(team, self)
        self.bridge.team_changed.connect(self._team_changed)
        self._loads = 0
        self.loaded = 0
        """How many loads have been shown (tests wait on it)."""
        self.refresh()

    def refresh(self) -> None:
        self._loads += 1
        spawn(self, self._load(self._loads), name="admin-notices")

    def _team_changed(self, change: TeamChange) -> None:
        if change & (TeamChange.NOTICES | TeamChange.ROSTER):
            self.refresh()

    async def _load(self, request: int) -> None:
        try:
            notices = await self.team.admin_notices()
            if notices:
                await self.team.mark_admin_notices_read(notices[0].seq)
        except NotPermitted:
            self._show_error(self.tr("Only admins see Meta's notices."))
            return
        except SwitchboardError as error:
            log.warning("admin notices unavailable: %s", error.code)
            self._show_error(wording.describe_error(error))
            return
        if request != self._loads:
            return
        self.error.hide()
        self._show(notices)
        self.loaded += 1

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.list.hide()
        self.empty.hide()

    def _show(self, notices: list[ListedNotice]) -> None:
        self.list.clear()
        self.list.setVisible(bool(notices))
        self.empty.setVisible(not notices)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        info = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        for listed in notices:
            notice = listed.notice
            title = notice_title(notice)
            if listed.unread:  # bold may be lost to the style sheet: say it in words too
                title = self.tr("%1 (new)").replace("%1", title)
            lines = [title, *notice_lines(notice)]
            if notice.at:
                lines.append(when(notice.at))
            item = QListWidgetItem(warning if notice.serious else info, "\n".join(lines))
            if listed.unread:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)

    def texts(self) -> list[str]:
        """What the list shows, row by row (for tests)."""
        return [self.list.item(i).text() for i in range(self.list.count())]
