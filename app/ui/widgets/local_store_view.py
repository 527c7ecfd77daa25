"""A status-bar warning when this desk's own replica fails: a full disk, or a damaged file."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.model import LocalStoreState


class LocalStoreView(QLabel):
    """Hidden while the replica is fine; otherwise one line saying what is wrong and what to
    do, with more in the tooltip. It only shows what it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LocalStore")
        self.setWordWrap(False)
        self.setVisible(False)

    def show_state(self, state: LocalStoreState) -> None:
        """Show `state`; hide when there is nothing to report."""
        if state is LocalStoreState.FAILING:
            self.setText(self.tr("Cannot save on this computer: syncing and sending wait"))
            self.setToolTip(
                self.tr(
                    "Switchboard cannot write to its local store (the disk may be full). Free "
                    "some space: what you typed is kept and goes out by itself, and new "
                    "messages appear once it can save again."
                )
            )
        elif state is LocalStoreState.DAMAGED:
            self.setText(self.tr("This desk's local store is damaged"))
            self.setToolTip(
                self.tr(
                    "The local store failed its integrity check, so some conversations may "
                    "be incomplete here. Quit and start Switchboard again: it offers to keep "
                    "the damaged file aside and sync a fresh copy from the hub."
                )
            )
        self.setAccessibleName(self.text())
        self.setVisible(state is not LocalStoreState.OK)
