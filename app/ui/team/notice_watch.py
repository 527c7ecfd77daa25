"""`AdminNoticeWatch`: keeps the desk's "Notices from Meta" menu entry and banners current.

For admins the entry shows how many notices are unread; members never see it. A serious
notice (the number restricted or flagged, a template rejected, paused or disabled) that
arrives while the desk runs also becomes a desktop notification. What the desk already held
when it opened, or Meta dated more than a day ago (a long catch-up), is history: no banner.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.domain.admin_notice import ListedNotice
from app.domain.errors import NotPermitted, SwitchboardError
from app.domain.model import Role
from app.services.team_api import TeamAdmin, TeamChange
from app.ui.bridge import loop_running, spawn
from app.ui.team.notice_words import notice_lines, notice_title
from app.ui.team.team_bridge import TeamBridge

log = logging.getLogger(__name__)

NEWS_WITHIN_S = 24 * 3600
"""A notice Meta dated longer ago than this is history when it arrives: no banner."""
_LOOKED_AT = 50
"""The newest notices read after each change to find the new serious ones."""


class AdminNoticeWatch(QObject):
    """Updates `action` (its text and visibility) and calls `banner(title, body)`."""

    def __init__(
        self,
        team: TeamAdmin,
        action: QAction,
        banner: Callable[[str, str], None],
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._team = team
        self.action = action
        self._banner = banner
        self._clock = clock
        self._newest: int | None = None
        """The newest notice's sequence when last looked; None before the first look."""
        self.unread = 0
        self.action.setVisible(False)
        self._loads = 0
        self.loaded = 0
        """How many looks have been shown (tests wait on it)."""
        self.bridge = TeamBridge(team, self)
        self.bridge.team_changed.connect(self._team_changed)
        self.refresh()

    def _team_changed(self, change: TeamChange) -> None:
        if change & (TeamChange.NOTICES | TeamChange.ROSTER):
            self.refresh()

    def refresh(self) -> None:
        if not loop_running():
            return
        self._loads += 1
        spawn(self, self._look(self._loads), name="admin-notice-watch")

    async def _look(self, request: int) -> None:
        try:
            roster = await self._team.roster()
            if roster.my_role is not Role.ADMIN:
                self.action.setVisible(False)
                self.loaded += 1
                return
            notices = await self._team.admin_notices(_LOOKED_AT)
            unread = await self._team.unread_admin_notices()
        except NotPermitted:
            self.action.setVisible(False)
            return
        except SwitchboardError as error:
            log.warning("admin notices unavailable: %s", error.code)
            return
        if request != self._loads:
            return
        self._show_unread(unread)
        self._tell_news(notices)
        self.loaded += 1

    def _show_unread(self, count: int) -> None:
        self.unread = count
        if count:
            text = self.tr("Notices from &Meta (%n unread)…", "", count)
        else:
            text = self.tr("Notices from &Meta…")
        self.action.setText(text)
        self.action.setVisible(True)

    def _tell_news(self, notices: list[ListedNotice]) -> None:
        newest = max((n.seq for n in notices), default=0)
        if self._newest is None:  # what the desk held when it opened is no news
            self._newest = newest
            return
        recent = int(self._clock()) - NEWS_WITHIN_S
        news = [
            n
            for n in notices
            if n.seq > self._newest and n.unread and n.notice.serious and n.notice.at >= recent
        ]
        self._newest = max(self._newest, newest)
        for listed in reversed(news):  # oldest first, as they happened
            notice = listed.notice
            self._banner(notice_title(notice), "\n".join(notice_lines(notice)))
