"""The versions of a message its customer edited, oldest first: what was written before.

A small window opened from the bubble's context menu (or the menu key), not modal: the agent
can keep it beside the thread while answering. Read-only; nothing here changes the message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.content import Content, searchable_text
from app.ui import content_text, wording


class VersionsDialog(QDialog):
    """Lists each version with when it was written; the last one is what the bubble shows."""

    def __init__(self, versions: list[tuple[int, Content]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VersionsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Earlier versions"))
        intro = QLabel(
            self.tr("The customer edited this message. What they wrote, oldest first:"), self
        )
        intro.setWordWrap(True)
        self.versions = QListWidget(self)
        self.versions.setObjectName("Versions")
        self.versions.setAccessibleName(self.tr("Versions of the message"))
        self.versions.setWordWrap(True)
        self.versions.setAlternatingRowColors(True)
        for n, (at, content) in enumerate(versions):
            self.versions.addItem(self._item(n, len(versions), at, content))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.versions, 1)
        layout.addWidget(buttons)
        self.resize(420, 300)
        self.versions.setFocus(Qt.FocusReason.OtherFocusReason)
        if versions:
            self.versions.setCurrentRow(len(versions) - 1)

    def _item(self, n: int, count: int, at: int, content: Content) -> QListWidgetItem:
        when = wording.clock_time(at)
        if n == 0:
            heading = self.tr("Sent at %1").replace("%1", when)
        elif n == count - 1:
            heading = self.tr("Edited at %1 (shown now)").replace("%1", when)
        else:
            heading = self.tr("Edited at %1").replace("%1", when)
        words = content_text.preview(content.kind, searchable_text(content))
        return QListWidgetItem(f"{heading}\n{words}")
