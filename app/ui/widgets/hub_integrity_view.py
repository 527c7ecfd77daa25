"""A status-bar warning when the desk caught the hub tampering with the team log."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.model import HubIntegrity


class HubIntegrityView(QLabel):
    """Hidden while the hub behaves; otherwise one line saying what the desk caught it doing
    (crypto.md §3.7), with the details in the tooltip. It only shows what it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HubIntegrity")
        self.setVisible(False)

    def show_integrity(self, integrity: HubIntegrity) -> None:
        """Show `integrity`; hide when there is nothing to report."""
        if integrity.chain_invalid is not None:
            self.setText(self.tr("Team chain invalid: sending stopped"))
        elif not integrity.clean:
            self.setText(self.tr("The hub altered the team log"))
        lines = [
            (integrity.forged, self.tr("%1 forged or misplaced records refused")),
            (integrity.replayed, self.tr("%1 replayed records refused")),
            (integrity.withheld, self.tr("%1 events withheld")),
            (integrity.reordered, self.tr("%1 events arrived out of order")),
            (integrity.rolled_back, self.tr("%1 rollbacks of the log")),
            (integrity.ahead_of_chain, self.tr("%1 events name team changes not received")),
        ]
        details = [text.replace("%1", str(n)) for n, text in lines if n]
        self.setToolTip("\n".join(details))
        self.setAccessibleName(self.text())
        self.setVisible(not integrity.clean)
