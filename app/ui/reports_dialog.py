"""The activity report (Desk → Reports…, issue 12, item 6): conversations opened and resolved,
first-response and resolution times, messages in and out, busiest hours and Meta's billable
messages, per day, week or month and per agent, with two charts and a CSV export.

The figures come from `DeskApi.team_report` (SQL aggregates over the replica, off the UI
thread); this window only lays them out. Periods and hours are UTC, as the costs report's days.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import SwitchboardError
from app.domain.reports import AgentLine, Period, PeriodLine, TeamReport
from app.services.api import DeskApi
from app.services.report_csv import report_csv
from app.ui import report_words
from app.ui.bridge import spawn
from app.ui.dialogs import ask_csv_target
from app.ui.messages import MessageChannel
from app.ui.widgets.bar_chart import BarChart

_NUMBERS = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportsDialog(QDialog):
    """The team's activity over a range of days, by period and by agent."""

    def __init__(
        self, api: DeskApi, messages: MessageChannel, today: QDate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reports"))
        self._api = api
        self._messages = messages
        self._requests = 0
        self.report = TeamReport()
        self.period = QComboBox(self)
        for period in Period:
            self.period.addItem(report_words.period_choice(period), period)
        self.period.setAccessibleName(self.tr("Group by"))
        self.since = self._date_edit(QDate(today.year(), today.month(), 1), today, self.tr("From"))
        self.until = self._date_edit(today, today, self.tr("To"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.messages_chart = BarChart(
            self.tr("Messages per period"), [self.tr("in"), self.tr("out")], self
        )
        self.hours_chart = BarChart(
            self.tr("Busiest hours (customer messages, UTC)"), [self.tr("messages")], self
        )
        self.periods = self._table(self._period_headers(), self.tr("Figures per period"))
        self.agents = self._table(self._agent_headers(), self.tr("Figures per agent"))
        self.save_button = QPushButton(self.tr("Save as CSV…"), self)
        self.save_button.clicked.connect(self._save_clicked)
        for changed in (
            self.period.currentIndexChanged,
            self.since.dateChanged,
            self.until.dateChanged,
        ):
            changed.connect(self.reload)  # fmt: skip
        self._lay_out()

    def _date_edit(self, date: QDate, today: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(date, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")  # as the periods are named
        edit.setMaximumDate(today)
        edit.setAccessibleName(name)
        return edit

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for label, field in (
            (self.tr("Group by"), self.period),
            (self.tr("From"), self.since),
            (self.tr("To"), self.until),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(field)
            top.addWidget(caption)
            top.addWidget(field)
        top.addStretch(1)  # fmt: skip
        charts = QHBoxLayout()
        charts.addWidget(self._captioned(self.messages_chart), 3)
        charts.addWidget(self._captioned(self.hours_chart), 2)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.periods, self.tr("Per period"))
        self.tabs.addTab(self.agents, self.tr("Per agent"))
        note = QLabel(
            self.tr(
                "A conversation opens with a customer's first message after it was last resolved."
                " Times are medians, with the 90th percentile in brackets; periods and hours are"
                " UTC. Billable messages are counted on the day Meta first reported them."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("Muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(charts, 2)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(960, 680)

    def _captioned(self, chart: BarChart) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel(chart.accessibleName(), box)
        title.setBuddy(chart)
        column.addWidget(title)
        column.addWidget(chart, 1)
        return box

    def _period_headers(self) -> list[str]:
        return [self.tr("Period"), self.tr("Opened"), self.tr("Resolved"),
                self.tr("First response"), self.tr("Resolution"), self.tr("In"), self.tr("Out"),
                self.tr("Billable (Meta)")]  # fmt: skip

    def _agent_headers(self) -> list[str]:
        return [self.tr("Agent"), self.tr("First replies"), self.tr("First response"),
                self.tr("Resolved"), self.tr("Resolution"), self.tr("Sent")]  # fmt: skip

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName(name)
        return table

    def chosen_range(self) -> tuple[int, int, Period]:
        """[start of From, end of To) in UTC seconds, and the grouping."""
        start = QDateTime(self.since.date(), QTime(0, 0), QTimeZone.utc())
        end = QDateTime(self.until.date().addDays(1), QTime(0, 0), QTimeZone.utc())
        period = Period(self.period.currentData())
        return int(start.toSecsSinceEpoch()), int(end.toSecsSinceEpoch()), period

    def reload(self) -> None:
        self._requests += 1
        spawn(self, self._load(self._requests), name="team-report")

    async def _load(self, request: int) -> None:
        try:
            start, end, period = self.chosen_range()
            report = await self._api.team_report(start, end, period)
        except SwitchboardError as error:
            self._messages.report(error, "activity report")
            return
        if request == self._requests:  # a later choice wins
            self._show(report, period)

    def _show(self, report: TeamReport, period: Period) -> None:
        self.report = report
        self.summary.setText(report_words.summary(report.periods))
        self.messages_chart.set_bars(
            [line.period for line in report.periods],
            [(line.messages_in, line.messages_out) for line in report.periods],
            [_short(line.period, period) for line in report.periods],
        )
        self.hours_chart.set_bars(
            [f"{h:02d}" for h in range(24)], [(n,) for n in report.busiest_hours]
        )
        _fill(self.periods, [_period_cells(line) for line in report.periods])
        _fill(self.agents, [_agent_cells(line, report) for line in report.agents])
        self.save_button.setEnabled(bool(report.periods))

    def _save_clicked(self) -> None:
        spawn(self, self._save(), name="team-report-save")

    async def _save(self) -> None:
        since, until = (d.date().toString("yyyy-MM-dd") for d in (self.since, self.until))
        target = await ask_csv_target(
            self, self.tr("Save activity report"), f"whatsapp-activity-{since}-to-{until}.csv"
        )
        if target is not None:
            await self.save_to(target)

    async def save_to(self, target: Path) -> None:
        """Write the shown report as CSV to `target`, off the UI thread."""
        text = report_csv(self.report)
        try:
            await asyncio.to_thread(target.write_text, text, encoding="utf-8")
        except OSError as error:
            self._messages.error(
                self.tr("Could not save the activity report: %1").replace(
                    "%1", error.strerror or ""
                )
            )


def _short(name: str, period: Period) -> str:
    """A period's name under its bars: "11-30" for a day or week, "2026-11" for a month."""
    return name[:7] if period is Period.MONTH else name[5:]


def _period_cells(line: PeriodLine) -> list[str]:
    return [line.period, str(line.opened), str(line.resolved),
            report_words.spread(line.first_response), report_words.spread(line.resolution),
            str(line.messages_in), str(line.messages_out),
            report_words.billable(line.billable)]  # fmt: skip


def _agent_cells(line: AgentLine, report: TeamReport) -> list[str]:
    return [report.names.get(line.agent, ""), str(line.first_responses),
            report_words.spread(line.first_response), str(line.resolved),
            report_words.spread(line.resolution), str(line.messages_out)]  # fmt: skip


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column > 0 and text[:1].isdigit():
                item.setTextAlignment(_NUMBERS)
            table.setItem(row, column, item)
