"""Asked at start when this computer's local store is damaged: never replaced quietly.

The damaged file is kept aside in either case; the user chooses a fresh copy from the hub,
opening it anyway (only when it still opens, e.g. to copy something first), or quitting.
"""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.domain.errors import ReplicaDamaged, ReplicaFailedCheck, ReplicaUnreadable
from app.ui.dialogs import ask


class DamageChoice(enum.Enum):
    FRESH_COPY = "fresh-copy"
    OPEN_ANYWAY = "open-anyway"
    QUIT = "quit"


class DamagedStoreDialog(QMessageBox):
    """The question, with one button per choice (keyboard: Enter = fresh copy, Esc = quit)."""

    def __init__(self, damage: ReplicaDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Local store damaged"))
        opens = isinstance(damage, ReplicaFailedCheck)
        if opens:
            self.setText(
                self.tr(
                    "This computer's copy of the team's conversations failed its integrity "
                    "check. Parts of it may be unreadable, and what is written into it may "
                    "be lost."
                )
            )
        elif isinstance(damage, ReplicaUnreadable):
            self.setText(
                self.tr(
                    "This computer's copy of the team's conversations is damaged: parts of it "
                    "cannot be read."
                )
            )
        else:
            self.setText(
                self.tr("This computer's copy of the team's conversations is missing or empty.")
            )
        self.setInformativeText(
            self.tr(
                "Switchboard can keep the damaged file aside, in the profile folder, and sync "
                "a fresh copy from the hub. Replies this computer had not sent yet stay in the "
                "kept file. If this computer's membership of the team cannot be read from it, "
                "you join the team again with an invite from an administrator."
            )
        )
        self._buttons: dict[DamageChoice, QPushButton] = {}
        fresh = self.addButton(
            self.tr("Keep it aside and sync again"), QMessageBox.ButtonRole.AcceptRole
        )
        self._buttons[DamageChoice.FRESH_COPY] = fresh
        if opens:
            anyway = self.addButton(self.tr("Open it anyway"), QMessageBox.ButtonRole.ActionRole)
            self._buttons[DamageChoice.OPEN_ANYWAY] = anyway
        quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self._buttons[DamageChoice.QUIT] = quit_button
        self.setDefaultButton(fresh)
        self.setEscapeButton(quit_button)

    def choice(self) -> DamageChoice:
        """What the user clicked (QUIT if the dialog was closed another way)."""
        clicked = self.clickedButton()
        for choice, button in self._buttons.items():
            if button is clicked:
                return choice
        return DamageChoice.QUIT

    def choice_button(self, choice: DamageChoice) -> QPushButton | None:
        """The button for `choice` (None if this damage does not offer it), for tests."""
        return self._buttons.get(choice)


async def ask_about_damage(damage: ReplicaDamaged) -> DamageChoice:
    """Show the question and wait for the answer without blocking the loop."""
    dialog = DamagedStoreDialog(damage)
    await ask(dialog)
    choice = dialog.choice()
    dialog.deleteLater()
    return choice
