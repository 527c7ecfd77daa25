"""Join a team → Start from a backup… (issue 12 item 7): the backup file and its passphrase.

The file is opened with the passphrase before the dialog closes, so a wrong file or passphrase
is one sentence here and another try, never a failed join. Whose team the backup holds, and
whether anyone altered it, is checked once an administrator has let the device in (every
record again, against the team chain); a backup that fails then is dropped and the desk
fetches everything from the hub instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.services.backup import BackupChoice
from app.services.team_api import TeamSetup
from app.ui import wording
from app.ui.backup_dialog import backup_filter, grow_to_fit
from app.ui.bridge import spawn
from app.ui.dialogs import ask


class RestoreDialog(QDialog):
    """A backup file and its passphrase; Use this backup checks that they open together."""

    def __init__(self, setup: TeamSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start from a backup"))
        self._setup = setup
        self.chosen: BackupChoice | None = None
        """What was checked, once the dialog is accepted."""
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(self.tr("The backup file"))
        self.path.setAccessibleName(self.tr("The backup file"))
        self.choose_button = QPushButton(self.tr("&Choose…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("The backup's passphrase"))
        self.passphrase.setAccessibleName(self.tr("The backup's passphrase"))
        self.problem = QLabel(self)
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setFormat(self.tr("Opening the backup…"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.use_button = QPushButton(self.tr("&Use this backup"), self)
        self.use_button.setDefault(True)
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.use)
        self.buttons.rejected.connect(self.reject)
        self._build()
        for field in (self.path, self.passphrase):
            field.textChanged.connect(self._update)
        self._update()

    def _build(self) -> None:
        explained = QLabel(
            self.tr(
                "Choose a backup made with Desk → Back up this desk, and type its passphrase."
                " Once an administrator lets this device in, it starts from the backup, checks"
                " every record against the team, and fetches only what is newer from the hub."
            ),
            self,
        )
        explained.setObjectName("Muted")
        explained.setWordWrap(True)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addLayout(where)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def choose_file(self) -> None:
        spawn(self, self._choose(), name="restore-choose-file")

    async def _choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Start from a backup"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(backup_filter())
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        dialog.setDirectory(QStandardPaths.writableLocation(documents))
        if await ask(dialog) == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.path.setText(dialog.selectedFiles()[0])
            self.passphrase.setFocus()

    def _update(self) -> None:
        self.problem.clear()
        self.use_button.setEnabled(bool(self.path.text().strip() and self.passphrase.text()))

    def use(self) -> None:
        """Check the file opens with the passphrase, then close (the button's slot)."""
        if not self.use_button.isEnabled():
            return
        choice = BackupChoice(Path(self.path.text().strip()).expanduser(), self.passphrase.text())
        self._working(True)
        spawn(self, self._check(choice), name="check-backup")

    async def _check(self, choice: BackupChoice) -> None:
        try:
            await self._setup.check_backup(choice)
        except SwitchboardError as error:
            self._working(False)
            self.problem.setText(wording.describe_error(error))
            grow_to_fit(self)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.chosen = choice
        self.accept()

    def _working(self, working: bool) -> None:
        self.busy.setVisible(working)
        for widget in (self.use_button, self.path, self.choose_button, self.passphrase):
            widget.setEnabled(not working)
