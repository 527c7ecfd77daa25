"""The costs report: what Meta priced since a chosen day, by day, label and sender, with a
CSV export for the business's books (issue 10, item 6).

The lines come from `DeskApi.cost_report` (the replica's `message_pricing`, first price per
message) and are laid out here; the export's columns are `app.services.cost_report`'s.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.pricing import CostLine, summarise_lines
from app.services.api import DeskApi
from app.services.cost_report import cost_csv
from app.ui import cost_words
from app.ui.bridge import spawn
from app.ui.dialogs import ask_csv_target
from app.ui.messages import MessageChannel


class CostReportDialog(QDialog):
    """Billable and free messages since a day, and a button to save them as CSV."""

    def __init__(
        self, api: DeskApi, messages: MessageChannel, today: QDate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Costs"))
        self._api = api
        self._messages = messages
        self._lines: list[CostLine] = []
        self._requests = 0
        self.since = QDateEdit(QDate(today.year(), today.month(), 1), self)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")  # as the lines name their days
        self.since.setMaximumDate(today)
        self.since.setAccessibleName(self.tr("Since"))
        self.since.dateChanged.connect(self.reload)
        self.summary = QLabel(self)
        self.table = self._table()
        note = QLabel(
            self.tr(
                "Messages Meta priced, counted on the day (UTC) Meta first reported them. Meta's"
                " webhooks name no amounts: the price per message depends on the customer's"
                " country and your monthly volume (see your WhatsApp Business invoice)."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("Muted")
        self.save_button = QPushButton(self.tr("Save as CSV…"), self)
        self.save_button.clicked.connect(self._save_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Since"), self))
        top.addWidget(self.since)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 460)

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 5, self)
        table.setHorizontalHeaderLabels(
            [self.tr("Day"), self.tr("Label"), self.tr("Category"), self.tr("Sent by"),
             self.tr("Messages")]
        )  # fmt: skip
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # names vary most
        table.setAccessibleName(self.tr("Priced messages"))
        return table

    @property
    def lines(self) -> list[CostLine]:
        """What the table shows."""
        return list(self._lines)

    def since_seconds(self) -> int:
        """The chosen day's start in UTC, as the report's days are counted."""
        return int(QDateTime(self.since.date(), QTime(0, 0), QTimeZone.utc()).toSecsSinceEpoch())

    def reload(self) -> None:
        self._requests += 1
        spawn(self, self._load(self._requests), name="cost-report")

    async def _load(self, request: int) -> None:
        try:
            lines = await self._api.cost_report(self.since_seconds())
        except SwitchboardError as error:
            self._messages.report(error, "costs report")
            return
        if request == self._requests:  # a later choice of day wins
            self._show(lines)

    def _show(self, lines: list[CostLine]) -> None:
        self._lines = lines
        self.summary.setText(cost_words.summary_title(summarise_lines(lines)))
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (
                line.day,
                cost_words.group_label(line.group),
                line.category,
                cost_words.sender_name(line.sender),
                str(line.count),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.save_button.setEnabled(bool(lines))

    def _save_clicked(self) -> None:
        spawn(self, self._save(), name="cost-report-save")

    async def _save(self) -> None:
        since = self.since.date().toString("yyyy-MM-dd")
        target = await ask_csv_target(
            self, self.tr("Save costs report"), f"whatsapp-costs-since-{since}.csv"
        )
        if target is not None:
            await self.save_to(target)

    async def save_to(self, target: Path) -> None:
        """Write the shown lines as CSV to `target`, off the UI thread."""
        text = cost_csv(self._lines)
        try:
            await asyncio.to_thread(target.write_text, text, encoding="utf-8")
        except OSError as error:
            self._messages.error(
                self.tr("Could not save the costs report: %1").replace("%1", error.strerror or "")
            )
