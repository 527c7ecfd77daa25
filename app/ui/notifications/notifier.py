"""`DeskNotifications`: notices become banners, and the unread count reaches title and tray.

The services send the notices addressed to this desk; `app.domain.notify.should_alert` decides
with what only the window knows (do-not-disturb, the conversation on screen in the active
window) whether one becomes a banner. Banners go to a sink: the tray's native notifications,
or, where the desktop has no tray, a toast inside the window. The unread count is asked of the
services after changes (coalesced) and shown in the window title and on the tray icon whatever
the do-not-disturb switch says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon, QToolButton

from app.domain.errors import StoreClosed, SwitchboardError
from app.domain.ids import NO_CONVERSATION, ConversationId, short
from app.domain.notify import Attention, Notice, should_alert
from app.services.api import Changes, DeskApi
from app.ui.bridge import DeskBridge, loop_running, spawn
from app.ui.notifications.settings import NotificationSettings, SavedSwitches
from app.ui.notifications.toast import Toast
from app.ui.notifications.tray import DeskTray
from app.ui.notifications.words import notice_body, notice_title, titled
from app.ui.resources import app_icon

log = logging.getLogger(__name__)

UNREAD_COALESCE_MS = 150
"""A burst of changes (catching up, a busy hour) asks for the count once."""

_said_no_tray = False


@dataclass(frozen=True, slots=True)
class NotificationRequest:
    """One banner to show: what a sink receives."""

    conversation_id: ConversationId
    title: str
    body: str


class NotificationSink(Protocol):
    def show(self, request: NotificationRequest) -> None: ...


class TraySink:
    """Native notifications through the tray icon."""

    def __init__(self, tray: DeskTray) -> None:
        self._tray = tray

    def show(self, request: NotificationRequest) -> None:
        self._tray.show_banner(request.conversation_id, request.title, request.body)


class ToastSink:
    """The in-window toast, where the desktop has no tray."""

    def __init__(self, toast: Toast) -> None:
        self._toast = toast

    def show(self, request: NotificationRequest) -> None:
        self._toast.show_notice(request.conversation_id, request.title, request.body)


@dataclass(frozen=True, slots=True)
class WindowHooks:
    """What the notifications need of the desk window (attributes down, messages up)."""

    open_conversation: Callable[[ConversationId], None]
    viewing: Callable[[], ConversationId | None]
    """The conversation on screen, or None."""
    quit: Callable[[], None]


class DeskNotifications(QObject):
    """Notifications, the unread count and the do-not-disturb switch of one desk window.

    Attributes:
        sink: Where banners go; tests may put a recording sink here.
        unread: The unread count last shown.
    """

    def __init__(
        self,
        api: DeskApi,
        window: QMainWindow,
        hooks: WindowHooks,
        *,
        business_name: str = "",
        tray_available: bool | None = None,
        saved: SavedSwitches | None = None,
    ) -> None:
        super().__init__(window)
        self._api = api
        self._window = window
        self._hooks = hooks
        # Several desks may run at once (the demo; two teams): each tray says whose it is.
        who = self.tr("%1 · %2").replace("%1", business_name) if business_name else "%2"
        self._who = who.replace("%2", api.my_name)
        self.settings = NotificationSettings(saved or SavedSwitches.for_user(api.me), self)
        dnd, show_text = self.settings.do_not_disturb, self.settings.show_text
        self.dnd_action = self._switch(self.tr("Do not &disturb"), dnd)
        self.dnd_action.toggled.connect(self.settings.set_do_not_disturb)
        self.show_text_action = self._switch(
            self.tr("Show message &text in notifications"), show_text
        )
        self.show_text_action.toggled.connect(self.settings.set_show_text)
        self.dnd_button = self._status_switch(window)
        self.toast = Toast(window)
        self.toast.clicked.connect(self._open_from_banner)
        self.tray = self._tray(tray_available)
        self.sink: NotificationSink = (
            TraySink(self.tray) if self.tray is not None else ToastSink(self.toast)
        )
        self.unread = 0
        self._base_title = window.windowTitle()
        self._requests = 0
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(UNREAD_COALESCE_MS)
        self._refresh.timeout.connect(self.refresh_unread)

    def _switch(self, text: str, checked: bool) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(checked)
        return action

    def _status_switch(self, window: QMainWindow) -> QToolButton:
        """The status line's switch: says which way it is set, a click turns it over."""
        button = QToolButton(window)
        button.setObjectName("DoNotDisturb")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolTip(
            self.tr("Do not disturb: no notifications; the unread count still updates.")
        )
        button.toggled.connect(self.dnd_action.setChecked)
        self.dnd_action.toggled.connect(button.setChecked)
        self.dnd_action.toggled.connect(self._show_switch)
        self._show_switch(self.dnd_action.isChecked(), button)
        button.setChecked(self.dnd_action.isChecked())
        return button

    def _show_switch(self, on: bool, button: QToolButton | None = None) -> None:
        button = button or self.dnd_button
        button.setText(self.tr("Do not disturb") if on else self.tr("Notifications on"))
        button.setAccessibleName(button.text())

    def _tray(self, available: bool | None) -> DeskTray | None:
        global _said_no_tray
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        if not available:
            if not _said_no_tray:
                _said_no_tray = True
                log.info("no system tray on this desktop: notifications show inside the window")
            return None
        tray = DeskTray(app_icon(), self.dnd_action, self)
        tray.open_requested.connect(self.raise_window)
        tray.quit_requested.connect(self._hooks.quit)
        tray.banner_clicked.connect(self._open_from_banner)
        return tray

    def follow(self, bridge: DeskBridge) -> None:
        """Start listening to the desk (after the window has its title)."""
        self._base_title = self._window.windowTitle()
        bridge.notice_arrived.connect(self._notice_arrived)
        bridge.changes_arrived.connect(self._changes_arrived)
        self.refresh_unread()

    # -- banners ----------------------------------------------------------------------------

    def _notice_arrived(self, notice: Notice) -> None:
        attention = Attention(
            self._api.me,
            do_not_disturb=self.settings.do_not_disturb,
            viewing=self._hooks.viewing(),
        )
        if not should_alert(notice, attention):
            log.debug("no banner: %s on %s", notice.kind.value, short(notice.conversation_id))
            return
        self.sink.show(self.request_for(notice))

    def request_for(self, notice: Notice) -> NotificationRequest:
        return NotificationRequest(
            conversation_id=notice.conversation_id,
            title=notice_title(notice, self._api.agent_name),
            body=notice_body(notice, show_text=self.settings.show_text),
        )

    def show_account_banner(self, title: str, body: str) -> None:
        """A banner about the WhatsApp account rather than a conversation (an admin's notice
        from Meta); do-not-disturb silences it, and a click only raises the window."""
        if self.settings.do_not_disturb:
            return
        self.sink.show(NotificationRequest(NO_CONVERSATION, title, body))

    def _open_from_banner(self, conversation_id: bytes) -> None:
        if conversation_id != NO_CONVERSATION:
            self._hooks.open_conversation(ConversationId(conversation_id))
        self.raise_window()

    def raise_window(self) -> None:
        window = self._window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    # -- the unread count -------------------------------------------------------------------

    def _changes_arrived(self, changes: Changes) -> None:
        if changes.queue_changed or changes.conversations:
            self._refresh.start()

    def refresh_unread(self) -> None:
        if not loop_running():
            return
        self._requests += 1
        spawn(self, self._load_unread(self._requests), name="unread-count")

    async def _load_unread(self, request: int) -> None:
        try:
            count = await self._api.unread_count()
        except StoreClosed:
            return  # the desk is closing: there is nothing left to count
        except SwitchboardError as error:
            log.warning("unread count unavailable: %s", error.code)
            return
        if request == self._requests:  # an older answer never overwrites a newer one
            self._show_unread(count)

    def set_base_title(self, title: str) -> None:
        """The window's title without the unread count (it changes once the desk knows its
        own name)."""
        self._base_title = title
        self._window.setWindowTitle(titled(title, self.unread))

    def _show_unread(self, count: int) -> None:
        self.unread = count
        self._window.setWindowTitle(titled(self._base_title, count))
        if self.tray is not None:
            self.tray.show_unread(count, self._who)
