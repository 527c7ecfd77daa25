"""`DeskTray`: the desk's icon in the system tray, with its unread badge and menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.domain.ids import ConversationId
from app.ui.notifications.badge import badged_icon
from app.ui.notifications.words import unread_tooltip

BANNER_MS = 10_000


class DeskTray(QObject):
    """The tray icon: badge, tooltip, a menu (Open, Do not disturb, Quit) and banners.

    Signals:
        open_requested(): The person asked for the window (the menu, or a click on the icon).
        quit_requested(): The person chose Quit.
        banner_clicked(bytes): The person clicked the last banner; carries its conversation.
    """

    open_requested = Signal()
    quit_requested = Signal()
    banner_clicked = Signal(bytes)

    def __init__(self, base_icon: QIcon, do_not_disturb: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._base_icon = base_icon
        self.menu = QMenu()
        self.open_action = self.menu.addAction(self.tr("Open Switchboard"))
        self.open_action.triggered.connect(self.open_requested)
        self.menu.addSeparator()
        self.menu.addAction(do_not_disturb)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("Quit"))
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon = QSystemTrayIcon(base_icon, self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self._banner_conversation: ConversationId | None = None
        self.destroyed.connect(self.menu.deleteLater)  # a tray menu has no parent widget
        self.show_unread(0, "")
        self.icon.show()

    def show_unread(self, count: int, who: str) -> None:
        """Badge and tooltip for `count` unread conversations of the desk named `who`."""
        self.icon.setIcon(badged_icon(self._base_icon, count))
        self.icon.setToolTip(unread_tooltip(count, who))

    def show_banner(self, conversation_id: ConversationId, title: str, body: str) -> None:
        """A native notification (the freedesktop service on Linux, where there is one)."""
        self._banner_conversation = conversation_id
        self.icon.showMessage(title, body, self._base_icon, BANNER_MS)

    def _message_clicked(self) -> None:
        # Qt says which tray was clicked, not which banner: the last one is what people click.
        if self._banner_conversation is not None:
            self.banner_clicked.emit(bytes(self._banner_conversation))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()
