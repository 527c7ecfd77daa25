"""The first thing a new installation shows: create a team, or join one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget

from app.ui.team.page_view import press_focused_button


class ChoiceView(QWidget):
    """The two ways in, as large buttons with a plain explanation each.

    Signals:
        create_chosen(): The user will found a new team.
        join_chosen(): The user has an invite code.
    """

    create_chosen = Signal()
    join_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Welcome to Switchboard"), self)
        self.title.setObjectName("PageTitle")
        self.intro = QLabel(
            self.tr(
                "Switchboard lets your team answer your business's WhatsApp number together. "
                "Is your team already using it?"
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.create_button = _choice(
            self.tr("Create a team"),
            self.tr(
                "You are the first: set up Switchboard for your business, then invite "
                "your colleagues."
            ),
            self,
        )
        self.join_button = _choice(
            self.tr("Join a team"),
            self.tr("A colleague gave you an invite code."),
            self,
        )
        self.create_button.clicked.connect(self.create_chosen)
        self.join_button.clicked.connect(self.join_chosen)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.setSpacing(14)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addSpacing(6)
        column.addWidget(self.create_button)
        column.addWidget(self.join_button)
        column.addStretch(1)
        self.setTabOrder(self.create_button, self.join_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not press_focused_button(self, event):
            super().keyPressEvent(event)


def _choice(title: str, explanation: str, parent: QWidget) -> QCommandLinkButton:
    """A large button with a title and a plain explanation under it."""
    button = QCommandLinkButton(title, explanation, parent)
    button.setObjectName("Choice")
    button.setAccessibleName(title)
    button.setAccessibleDescription(explanation)
    return button
