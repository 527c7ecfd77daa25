"""The passphrase that locks the key file when there is no OS keychain: chosen once (typed
twice, with a strength hint), then asked for at each start."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.services.team_api import ProfileLock
from app.ui import wording
from app.ui.bridge import spawn

MIN_LENGTH = 10


class Strength(enum.IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


def strength(passphrase: str) -> Strength:
    """A rough guess at how hard the passphrase is to guess, for a hint (not a rule)."""
    if len(passphrase) < MIN_LENGTH:
        return Strength.TOO_SHORT
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    words = len(passphrase.split())
    if len(passphrase) >= 20 or words >= 4 or (len(passphrase) >= 14 and kinds >= 3):
        return Strength.STRONG
    if len(set(passphrase)) <= 3 or kinds == 1:
        return Strength.WEAK
    return Strength.FAIR


class PassphraseMode(enum.Enum):
    CREATE = "create"
    UNLOCK = "unlock"


class PassphraseDialog(QDialog):
    """CREATE: choose a passphrase (read it with `passphrase()` after acceptance).
    UNLOCK: type it; the dialog opens the key file through `lock` and stays open while wrong.
    """

    def __init__(
        self, mode: PassphraseMode, lock: ProfileLock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self._lock = lock
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(self)
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("ErrorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.ok = QPushButton(self)
        self.ok.setObjectName("Primary")
        self.ok.setDefault(True)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.ok.clicked.connect(self._submit)
        self.cancel.clicked.connect(self.reject)
        self._build()
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setSpacing(8)
        column.addWidget(self.explanation)
        column.addWidget(self.first)
        column.addWidget(self.second)
        column.addWidget(self.hint)
        column.addWidget(self.error)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        column.addLayout(buttons)
        self.setMinimumWidth(420)
        if self.mode is PassphraseMode.CREATE:
            self.setWindowTitle(self.tr("Choose a passphrase"))
            self.explanation.setText(
                self.tr(
                    "This computer has no keychain Switchboard can use, so your keys are kept "
                    "in a file locked with a passphrase. You will type it each time Switchboard "
                    "starts. Nobody can recover it for you."
                )
            )
            self.first.setPlaceholderText(self.tr("Passphrase"))
            self.second.setPlaceholderText(self.tr("The same passphrase again"))
            self.ok.setText(self.tr("Use this passphrase"))
        else:
            self.setWindowTitle(self.tr("Unlock Switchboard"))
            self.explanation.setText(self.tr("Type your passphrase to open your keys."))
            self.first.setPlaceholderText(self.tr("Passphrase"))
            self.second.hide()
            self.hint.hide()
            self.ok.setText(self.tr("Unlock"))
        self.first.setAccessibleName(self.tr("Passphrase"))
        self.second.setAccessibleName(self.tr("Repeat the passphrase"))

    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        self.error.hide()
        if self.mode is PassphraseMode.UNLOCK:
            self.ok.setEnabled(bool(self.first.text()))
            return
        text = self.first.text()
        level = strength(text)
        hints = {
            Strength.TOO_SHORT: self.tr("At least %n characters.", "", MIN_LENGTH),
            Strength.WEAK: self.tr("Weak: easy to guess. A few unrelated words work well."),
            Strength.FAIR: self.tr("Fair. Longer is stronger: a few unrelated words work well."),
            Strength.STRONG: self.tr("Strong."),
        }
        hint = hints[level]
        if self.second.text() and self.second.text() != text:
            hint = self.tr("The two passphrases differ.")
        self.hint.setText(hint)
        self.ok.setEnabled(level >= Strength.WEAK and self.second.text() == text)

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        if self.mode is PassphraseMode.CREATE or self._lock is None:
            self.accept()
            return
        self.ok.setEnabled(False)
        spawn(self, self._unlock(self._lock, self.first.text()), name="unlock")

    async def _unlock(self, lock: ProfileLock, passphrase: str) -> None:
        try:
            await lock.unlock(passphrase)
        except SwitchboardError as error:
            self.error.setText(wording.describe_error(error))
            self.error.show()
            self.first.selectAll()
            self.first.setFocus()
            self.ok.setEnabled(True)
            return
        self.accept()
