"""Help → About Switchboard: which version this desk runs, for support calls and updates.

Not modal and read-only: it is opened with `show()` and deletes itself when closed.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.system.version import app_version
from app.ui.resources import app_icon

ICON_PIXELS = 64


class AboutDialog(QDialog):
    """The app's name, its version and what it is built on."""

    def __init__(self, parent: QWidget | None = None, version: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("About Switchboard"))
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(ICON_PIXELS, ICON_PIXELS))
        title = QLabel(self.tr("<b>Switchboard</b>"), self)
        self.version_label = QLabel(
            self.tr("Version %1").replace("%1", version or app_version()), self
        )
        self.version_label.setObjectName("Version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(
            self.tr(
                "Share one WhatsApp Business number across your team's desks, end-to-end encrypted."
            ),
            self,
        )
        summary.setWordWrap(True)
        built_on = QLabel(
            self.tr("Qt %1, Python %2")
            .replace("%1", pyside_version)
            .replace("%2", platform.python_version()),
            self,
        )
        built_on.setEnabled(False)  # small print: greyed, still readable
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        for label in (title, self.version_label, summary, built_on):
            text.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
