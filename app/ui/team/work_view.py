"""A page for long work (founding, waiting for an admin, the first sync): what is happening,
a moving bar, and Cancel where cancelling makes sense. The work itself runs elsewhere."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from app.ui.team.page_view import PageView
from app.ui.widgets.sync_progress_view import SyncProgressView


class WorkView(PageView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(6)
        self.sync = SyncProgressView(self, hide_when_done=False)
        self.body.addWidget(self.message)
        self.body.addSpacing(8)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.sync)
        self.primary.hide()
        self.secondary.setText(self.tr("Cancel"))

    def show_work(self, title: str, message: str, *, cancellable: bool) -> None:
        """Say what is going on; the bar moves until `show_sync` replaces it."""
        self.title.setText(title)
        self.message.setText(message)
        self.busy.show()
        self.sync.hide()
        self.primary.hide()
        self.secondary.setVisible(cancellable)
        self.show_error("")

    def show_sync(self, applied: int, total: int) -> None:
        self.busy.hide()
        self.sync.set_progress(applied, total)
