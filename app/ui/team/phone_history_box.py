"""The admin's box for the business phone's contacts and chat history (coexistence).

With coexistence the number stays in the WhatsApp Business app on the owner's phone. Meta
lets the team fetch the phone's contacts and its 1:1 chats of the last 180 days once, within 24
hours of connecting the number; this box asks for them and shows how the import goes: the
phase and percent Meta reports, how many messages arrived, and when it finished or why not.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.history import NO_NUMBER, UNREACHABLE, HistoryImport, HistoryStage

_STILL_OPEN = frozenset({None, HistoryStage.REFUSED})
"""Stages after which asking (again) can help: nothing asked yet, or refused for a reason
that may pass (no number yet, Meta unreachable)."""


class PhoneHistoryBox(QGroupBox):
    """Import the phone's contacts and chats, then the import's progress.

    Signals:
        import_requested(): The admin asked for the import.
    """

    import_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Chats on the business phone"))
        self.explain = QLabel(
            self.tr(
                "Brings the phone's contacts and its chats of the last 180 days into "
                "Switchboard, as history: no unread messages, no notifications. Meta allows "
                "this once, within 24 hours of connecting the number."
            ),
            self,
        )
        self.explain.setObjectName("Muted")
        self.explain.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)  # the sentence above says the percent
        self.progress.setFixedHeight(6)
        self.import_button = QPushButton(
            self.tr("Import the phone's contacts and chat history"), self
        )
        self.import_button.clicked.connect(self._ask)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.import_button)
        column = QVBoxLayout(self)
        column.addWidget(self.explain)
        column.addWidget(self.state)
        column.addWidget(self.progress)
        column.addLayout(row)
        self.show_import(None)

    def show_import(self, history: HistoryImport | None, *, asked: bool = False) -> None:
        """Show where the import stands (`asked`: this desk just sent the request)."""
        stage = None if history is None else history.stage
        self.import_button.setEnabled(stage in _STILL_OPEN and not asked)
        receiving = stage in (HistoryStage.RECEIVING, HistoryStage.FINISHED)
        self.progress.setVisible(receiving)
        if history is not None and receiving:
            self.progress.setValue(history.progress)
        failed = stage in (HistoryStage.REFUSED, HistoryStage.DECLINED, HistoryStage.ALREADY_DONE)
        self.state.setObjectName("ErrorText" if failed else "")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        if asked and stage in _STILL_OPEN:
            self.state.setText(self.tr("Asked the gateway. Meta's answer will show here."))
        else:
            self.state.setText(self._words(history))

    def _ask(self) -> None:
        self.import_button.setEnabled(False)
        self.import_requested.emit()

    def _words(self, history: HistoryImport | None) -> str:
        if history is None:
            return self.tr("Not imported yet.")
        stage = history.stage
        if stage is HistoryStage.REQUESTED:
            return self.tr("Meta accepted the request. The chats arrive within the next minutes.")
        if stage is HistoryStage.RECEIVING:
            importing = self.tr("Importing: %n messages so far.", "", history.messages)
            done = self.tr("%1% done.").replace("%1", str(history.progress))
            return " ".join((importing, done, self._phase(history.phase)))
        if stage is HistoryStage.FINISHED:
            return self.tr("Done: %n messages imported from the phone.", "", history.messages)
        if stage is HistoryStage.ALREADY_DONE:
            return self.tr(
                "Meta says the phone's history was already shared: it can be imported only "
                "once per number."
            )
        if stage is HistoryStage.DECLINED:
            return self.tr(
                "The owner chose not to share the chat history when connecting the phone. To "
                "import it, connect the number again and allow sharing."
            )
        return self._refused(history.reason)

    def _phase(self, phase: int) -> str:
        phases = {
            0: self.tr("Now: the last day before connecting."),
            1: self.tr("Now: up to 90 days back."),
            2: self.tr("Now: up to 180 days back."),
        }
        return phases.get(phase, "")

    def _refused(self, reason: str) -> str:
        if reason == NO_NUMBER:
            return self.tr("The gateway has no number connected yet. Connect it, then try again.")
        if reason == UNREACHABLE:
            return self.tr("Meta did not answer the gateway. Try again later.")
        return self.tr("Meta refused the request: %1").replace("%1", reason)
