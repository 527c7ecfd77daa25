"""Desk → Back up… (issue 12 item 7): where to write an encrypted backup of this desk, and its
passphrase, typed twice with a strength hint.

Any member may back up her own desk: the copy holds what her desk holds, and a device starting
from it still needs an admin to let it in. The services record the backup in the team log first
and write it on the database's own thread; the dialog only asks, shows that work is under way,
and says in one sentence why a backup was not written, staying open for another try.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.services.audit_api import AuditApi
from app.services.backup import MIN_PASSPHRASE, BackupResult
from app.ui import wording
from app.ui.bridge import spawn
from app.ui.dialogs import ask
from app.ui.messages import MessageChannel
from app.ui.team.passphrase_dialog import Strength, strength

SUFFIX = "sbbackup"
"""The file ending a backup gets, so the restore dialog can offer only backups."""


class BackupDialog(QDialog):
    """A file and a passphrase twice; Back up records and writes, then closes."""

    def __init__(self, api: AuditApi, messages: MessageChannel, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Back up this desk"))
        self._api = api
        self._messages = messages
        self._chosen: Path | None = None
        """The file picked in the chooser, which asked already whether to replace it."""
        self.replace_question: QMessageBox | None = None
        """The question whether to replace a file already there, while it is asked."""
        self.path = QLineEdit(str(_suggested_path()), self)
        self.path.setAccessibleName(self.tr("Backup file"))
        self.choose_button = QPushButton(self.tr("&Choose…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.first = _secret(self, self.tr("Passphrase"))
        self.second = _secret(self, self.tr("The same passphrase again"))
        self.hint = _muted(self)
        self.problem = QLabel(self)
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # one SQLCipher statement: how far it got is not known
        self.busy.setFormat(self.tr("Writing the backup…"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.back_up_button = QPushButton(self.tr("&Back up"), self)
        self.back_up_button.setDefault(True)
        self.buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.back_up)
        self.buttons.rejected.connect(self.reject)
        self._build()
        for field in (self.path, self.first, self.second):
            field.textChanged.connect(self._update)
        self._update()

    def _build(self) -> None:
        explained = _muted(self)
        explained.setText(
            self.tr(
                "The backup is this desk's copy of the team's conversations, encrypted with a"
                " passphrase. A new device of the team can start from it instead of"
                " downloading everything. Keep the passphrase apart from the file: nobody can"
                " recover it. The backup is listed in the audit trail."
            )
        )
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_button)
        # Labelled rows: a placeholder alone vanishes once the field is filled, and a screen
        # reader and the keyboard (Alt+letter) need the label.
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form = QFormLayout()
        form.addRow(file_label, where)
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Again:"), self.second)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def choose_file(self) -> None:
        spawn(self, self._choose(), name="backup-choose-file")

    async def _choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Back up to"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(backup_filter())
        dialog.setDefaultSuffix(SUFFIX)
        dialog.selectFile(self.path.text())
        if await ask(dialog) == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.path.setText(dialog.selectedFiles()[0])
            self._chosen = self.target()

    def _update(self) -> None:
        self.problem.clear()
        text, again = self.first.text(), self.second.text()
        self.hint.setText(self._hint(text, again))
        long_enough = len(text) >= MIN_PASSPHRASE
        self.back_up_button.setEnabled(long_enough and again == text and bool(self.target()))

    def _hint(self, text: str, again: str) -> str:
        if again and again != text:
            return self.tr("The two passphrases differ.")
        if len(text) < MIN_PASSPHRASE:
            return self.tr("At least %n characters.", "", MIN_PASSPHRASE)
        return {
            Strength.TOO_SHORT: "",
            Strength.WEAK: self.tr("Weak: easy to guess. A few unrelated words work well."),
            Strength.FAIR: self.tr("Fair. Longer is stronger: a few unrelated words work well."),
            Strength.STRONG: self.tr("Strong."),
        }[strength(text)]

    def target(self) -> Path | None:
        """The file the backup goes to ("." + `SUFFIX` added when it has no ending)."""
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.name in ("", ".", ".."):  # "/" or "." while typing: a folder, not yet a file
            return None
        return path if path.suffix else path.with_suffix("." + SUFFIX)

    def back_up(self) -> None:
        """Start the backup (the button's slot; tests call it too)."""
        path = self.target()
        if path is None or not self.back_up_button.isEnabled():
            return
        self._working(True)
        spawn(self, self._back_up(path, self.first.text()), name="back-up")

    async def _back_up(self, path: Path, passphrase: str) -> None:
        replace = path == self._chosen
        if not replace and await asyncio.to_thread(path.exists):
            self._working(False)  # a question, not work: the bar would say it is writing
            if not await self._replace_agreed(path):
                return
            replace = True
            self._working(True)
        try:
            result = await self._api.back_up(path, passphrase, replace=replace)
        except SwitchboardError as error:
            self._working(False)
            self.problem.setText(wording.describe_error(error))
            grow_to_fit(self)
            return
        self._messages.info(_done_words(result))
        self.accept()

    async def _replace_agreed(self, path: Path) -> bool:
        """Ask whether the file typed in, already there, may be replaced (Cancel by default)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Replace the file?"),
            self.tr("A file named “%1” is there already. Replace it with this backup?").replace(
                "%1", path.name
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.replace_question = box
        await ask(box)
        self.replace_question = None
        box.deleteLater()
        return box.clickedButton() is replace

    def _working(self, working: bool) -> None:
        self.busy.setVisible(working)
        # Once recorded the copy runs to its end: nothing to cancel halfway.
        for widget in (self.buttons, self.path, self.choose_button, self.first, self.second):
            widget.setEnabled(not working)

    def reject(self) -> None:
        if self.busy.isVisible():
            return  # Escape while writing: the backup finishes and the dialog closes then
        super().reject()


def grow_to_fit(dialog: QDialog) -> None:
    """Make the dialog tall enough for its wrapped texts at its width: a sentence shown after
    it opened would otherwise squeeze the explanation above it (Qt sizes a window once)."""
    layout = dialog.layout()
    if layout is None:
        return
    width = dialog.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if needed > dialog.height():
        dialog.resize(width, needed)


def backup_filter() -> str:
    return tr("Switchboard backups (*.%1)").replace("%1", SUFFIX)


def _done_words(result: BackupResult) -> str:
    text = tr("Backup written to %1 (conversations: %n).", result.conversations)
    return text.replace("%1", result.path.name)


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in the dialog's context (`%n` takes `n`)."""
    return QCoreApplication.translate("BackupDialog", text, None, n)


def _suggested_path() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = f"switchboard-backup-{date.today().isoformat()}.{SUFFIX}"
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return folder / name  # a desktop without ~/Documents (servers, minimal installs): home


def _secret(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(name)
    field.setAccessibleName(name)
    return field


def _muted(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("Muted")
    label.setWordWrap(True)
    return label
