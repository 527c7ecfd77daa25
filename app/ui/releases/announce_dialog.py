"""Desk → Announce a new version… (admins): tell every desk of the team that a newer version
is out, with an optional https link and a short note. Desks running an older version show one
line in their status bar; nothing is downloaded or installed for anyone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.releases import (
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    MAX_VERSION_CHARS,
    Release,
    release_problem,
)
from app.services.releases_api import ReleasesApi
from app.ui import wording
from app.ui.bridge import spawn


class AnnounceVersionDialog(QDialog):
    """The version, its link and a note; Announce publishes it and closes."""

    def __init__(self, releases: ReleasesApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Announce a new version"))
        self._releases = releases
        self.version = QLineEdit(self)
        self.version.setMaxLength(MAX_VERSION_CHARS)
        self.version.setPlaceholderText(self.tr("e.g. 0.2.0"))
        self.url = QLineEdit(self)
        self.url.setMaxLength(MAX_URL_CHARS)
        self.url.setPlaceholderText(self.tr("https://… (optional)"))
        self.note = QLineEdit(self)
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText(self.tr("What it brings, in a few words (optional)"))
        self.problem = QLabel(self)
        self.problem.setObjectName("Muted")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.announce_button = QPushButton(self.tr("&Announce"), self)
        self.announce_button.setDefault(True)
        buttons.addButton(self.announce_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.announce)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Version"), self.version)
        form.addRow(self.tr("Download &link"), self.url)
        form.addRow(self.tr("N&ote"), self.note)
        explained = QLabel(
            self.tr(
                "Desks running an older version show one line in their status bar. Nothing is"
                " downloaded or installed for anyone: people update with the installer."
            ),
            self,
        )
        explained.setObjectName("Muted")
        explained.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explained)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def release(self) -> Release:
        return Release(self.version.text().strip(), self.url.text().strip(), self.note.text())

    def announce(self) -> None:
        """Check the form, then publish; the dialog stays open with the reason if refused."""
        release = self.release()
        problem = release_problem(release)
        if problem is not None:
            self.problem.setText(self._problem_text(problem))
            return
        self.problem.clear()
        self.announce_button.setEnabled(False)
        spawn(self, self._announce(release), name="announce-version")

    async def _announce(self, release: Release) -> None:
        try:
            await self._releases.announce(release)
        except SwitchboardError as error:
            self.problem.setText(wording.describe_error(error))
            self.announce_button.setEnabled(True)
            return
        self.accept()

    def _problem_text(self, problem: str) -> str:
        if problem == "bad-url":
            return self.tr("The link must start with https:// and contain no spaces.")
        if problem == "note-too-long":
            return self.tr("The note is too long.")
        return self.tr("Write the version as numbers with dots, such as 0.2.0 or 1.0rc1.")
