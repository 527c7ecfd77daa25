"""A page of the first-run window: a title, a body, a row of buttons, and the keyboard map
(Return presses the primary button, Esc the secondary one)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def press_focused_button(page: QWidget, event: QKeyEvent) -> bool:
    """Return on a focused push button inside `page` presses that button.

    Outside a QDialog, Qt's push buttons ignore Return (they are not auto-default there), so
    the pages do it themselves; Space works anyway.
    """
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = QApplication.focusWidget()
    if isinstance(focused, QPushButton) and page.isAncestorOf(focused) and focused.isEnabled():
        focused.click()
        event.accept()
        return True
    return False


class PageView(QWidget):
    """Subclasses fill `body` and decide what the buttons say and do."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title, self)
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.primary = QPushButton(self)
        self.primary.setObjectName("Primary")
        self.secondary = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.secondary)
        buttons.addWidget(self.primary)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.setSpacing(14)
        column.addWidget(self.title)
        column.addLayout(self.body)
        column.addStretch(1)
        column.addWidget(self.error)
        column.addLayout(buttons)

    def show_error(self, text: str) -> None:
        """One sentence saying what went wrong (empty hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if press_focused_button(self, event):
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.primary.isHidden():
            if self.primary.isEnabled():
                self.primary.click()
            event.accept()
            return
        if (
            key == Qt.Key.Key_Escape
            and not self.secondary.isHidden()
            and self.secondary.isEnabled()
        ):
            self.secondary.click()
            event.accept()
            return
        super().keyPressEvent(event)
