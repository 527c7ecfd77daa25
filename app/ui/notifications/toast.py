"""`Toast`: a notification shown inside the window, where the desktop has no tray to show one.

It sits in the window's bottom left corner, over the end of the queue, above everything else
(on the right it covered Send and Resolve, the buttons an agent is about to press), hides by
itself after a while, and opens the conversation when clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.ids import ConversationId
from app.ui.theme import COLORS

SHOWN_MS = 8000
_MARGIN = 16
_WIDTH = 320

_STYLE = f"""
QFrame#NotificationToast {{
    background: {COLORS.surface};
    border: 1px solid {COLORS.accent};
    border-radius: 8px;
}}
QLabel#ToastTitle {{ font-weight: 600; color: {COLORS.text}; }}
QLabel#ToastBody {{ color: {COLORS.muted}; }}
"""


class Toast(QFrame):
    """One notification at a time, over the bottom left of `host`.

    Signals:
        clicked(bytes): The person clicked the toast; carries the conversation id.
    """

    clicked = Signal(bytes)

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("NotificationToast")
        self.setStyleSheet(_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedWidth(_WIDTH)
        self.title = QLabel(self)
        self.title.setObjectName("ToastTitle")
        self.title.setWordWrap(True)  # a colleague's and a customer's name may both be long
        self.body = QLabel(self)
        self.body.setObjectName("ToastBody")
        self.body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self._conversation: ConversationId | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self.hide()

    @property
    def conversation(self) -> ConversationId | None:
        """The conversation the toast is about (what a click opens)."""
        return self._conversation

    def show_notice(self, conversation_id: ConversationId, title: str, body: str) -> None:
        self._conversation = conversation_id
        self.title.setText(title)
        self.body.setText(body)
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(SHOWN_MS)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self._conversation is not None:
            self.hide()
            self.clicked.emit(bytes(self._conversation))
        super().mouseReleaseEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() is QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.move(_MARGIN, host.height() - self.height() - _MARGIN - 24)  # above the status line
