"""The form for joining a team: the hub's address, the invite code and your name, and
optionally a backup to start from (`restore_dialog`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.backup import BackupChoice
from app.services.team_api import INVITE_CODE_LENGTH
from app.ui.team.invite_code_view import InviteCodeEdit
from app.ui.team.page_view import PageView


class JoinView(PageView):
    """Hub address, invite code (checked while typing) and your name.

    Signals:
        submitted(str, str, str): Hub address, invite code (normalised) and your name.
        back_requested(): Return to the first choice.
        backup_requested(): The user wants to choose a backup to start from.
    """

    submitted = Signal(str, str, str)
    back_requested = Signal()
    backup_requested = Signal()

    def __init__(self, check_code: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._check_code = check_code
        self.title.setText(self.tr("Join a team"))
        self.intro = QLabel(
            self.tr(
                "Type what the person who invited you gave you. The code works once, within a day."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("tls://hub.example.com:4222")
        self.code = InviteCodeEdit(self)
        self.code_state = QLabel(self)
        self.code_state.setObjectName("Muted")
        self.code_state.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Your colleagues see this name"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Hub address"), self.address)
        form.addRow(self.tr("Invite code"), self.code)
        form.addRow("", self.code_state)
        form.addRow(self.tr("Your name"), self.name)
        self.backup: BackupChoice | None = None
        """The backup this device starts from once admitted; None: everything from the hub."""
        self._add_backup_row(form)
        self.body.addWidget(self.intro)
        self.body.addLayout(form)
        self.primary.setText(self.tr("Join"))
        self.secondary.setText(self.tr("Back"))
        self.primary.clicked.connect(self._submit)
        self.secondary.clicked.connect(self.back_requested)
        self.code.hub_pasted.connect(self.address.setText)
        for edit in (self.address, self.name):
            edit.textChanged.connect(self._update)
        self.code.code_changed.connect(self._update)
        chain: list[QWidget] = [
            self.address,
            self.code,
            self.name,
            self.backup_button,
            self.no_backup_button,
            self.primary,
            self.secondary,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)
        self._show_backup()
        self._update()

    def _add_backup_row(self, form: QFormLayout) -> None:
        """What the team's history starts from, and the buttons that change it."""
        self.backup_line = QLabel(self)
        self.backup_line.setObjectName("Muted")
        self.backup_line.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Start from a &backup…"), self)
        self.backup_button.clicked.connect(self.backup_requested)
        self.no_backup_button = QPushButton(self.tr("Join &without it"), self)
        self.no_backup_button.clicked.connect(self.clear_backup)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.no_backup_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.backup_line)
        column.addLayout(buttons)
        form.addRow(self.tr("Backup"), column)

    def set_backup(self, backup: BackupChoice) -> None:
        """Start from `backup` (its file and passphrase were checked)."""
        self.backup = backup
        self._show_backup()

    def clear_backup(self) -> None:
        self.backup = None
        self._show_backup()

    def _show_backup(self) -> None:
        if self.backup is None:
            self.backup_line.setText(
                self.tr("The team's conversations come from the hub, or from a backup.")
            )
        else:
            text = self.tr("Starts from the backup %1, then fetches what is newer.")
            self.backup_line.setText(text.replace("%1", self.backup.path.name))
        self.no_backup_button.setVisible(self.backup is not None)

    def code_ok(self) -> bool:
        return self.code.is_complete() and self._check_code(self.code.code())

    def _update(self) -> None:
        self.code_state.setProperty("bad", False)
        code = self.code.code()
        if self.code.strange_input:
            text = self.tr("Codes have only letters and the digits 2 to 7.")
        elif not code:
            text = self.tr("20 characters, in groups of four.")
        elif not self.code.is_complete():
            text = self.tr("%1 of %2 characters").replace("%1", str(len(code)))
            text = text.replace("%2", str(INVITE_CODE_LENGTH))
        elif not self._check_code(code):
            text = self.tr("This code has a typing mistake somewhere. Check it again.")
            self.code_state.setProperty("bad", True)
        else:
            text = self.tr("The code looks right.")
        self.code_state.setText(text)
        self.code_state.style().unpolish(self.code_state)
        self.code_state.style().polish(self.code_state)
        ready = self.code_ok() and bool(self.address.text().strip() and self.name.text().strip())
        self.primary.setEnabled(ready)

    def set_busy(self, busy: bool) -> None:
        parts = (self.address, self.code, self.name, self.secondary, self.backup_button)
        for part in (*parts, self.no_backup_button):
            part.setEnabled(not busy)
        if busy:
            self.primary.setEnabled(False)
        else:
            self._update()

    def _submit(self) -> None:
        self.show_error("")
        self.submitted.emit(self.address.text().strip(), self.code.code(), self.name.text().strip())
