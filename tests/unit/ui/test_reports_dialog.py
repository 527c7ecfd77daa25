"""The activity report (Desk menu, Ctrl+Shift+G) over the fake desk: the range it asks for, the
tables, the charts read out from the keyboard, and the CSV it saves. The figures themselves are
checked against a hand-computed case on a real replica (tests/unit/store/test_report_rows.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from app.domain.reports import NO_SPREAD, AgentLine, Period, PeriodLine, Spread, TeamReport
from app.ui.reports_dialog import ReportsDialog
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.test_desk_window import open_window, press

DAY = 86_400


def _report(anna: FakeDesk) -> TeamReport:
    return TeamReport(
        periods=(
            PeriodLine("2026-12-07", 3, 2, Spread(120.0, 300.0, 3), Spread(2100.0, 3600.0, 2),
                       4, 3, (("marketing", 2),)),
            PeriodLine("2026-12-08", 2, 0, NO_SPREAD, NO_SPREAD, 2, 0, ()),
        ),
        agents=(AgentLine(anna.me, 2, 2, 3, Spread(90.0, 120.0, 2), Spread(800.0, 1000.0, 2)),),
        busiest_hours=(3, 2, 1) + (0,) * 21,
    )  # fmt: skip


def _cells(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


@pytest.mark.asyncio
async def test_the_report_shows_periods_agents_and_charts_and_saves_csv(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    team.agents[anna.me] = "Anna"
    team.report = _report(anna)
    window = await open_window(qtbot, anna)

    press(window, "Ctrl+Shift+G")
    dialog = window.findChild(ReportsDialog)
    assert dialog is not None
    await until(lambda: dialog.periods.rowCount() == 2)

    assert (
        dialog.summary.text() == "5 conversations opened, 2 resolved · 6 messages received, 3 sent"
    )
    assert _cells(dialog.periods) == [
        ["2026-12-07", "3", "2", "2 min (90 %: 5 min)", "35 min (90 %: 1 h 0 min)", "4", "3",
         "marketing 2"],
        ["2026-12-08", "2", "0", "–", "–", "2", "0", "–"],
    ]  # fmt: skip
    assert _cells(dialog.agents) == [
        ["Anna", "2", "1 min (90 %: 2 min)", "2", "13 min (90 %: 16 min)", "3"]
    ]
    chart = dialog.messages_chart
    chart.setFocus()
    assert chart.accessibleDescription() == "2026-12-07: 4 in, 3 out"
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.accessibleDescription() == "2026-12-08: 2 in, 0 out"
    qtbot.keyClick(dialog.hours_chart, Qt.Key.Key_End)
    assert dialog.hours_chart.accessibleDescription() == "23: 0 messages"

    target = tmp_path / "activity.csv"
    await dialog.save_to(target)
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[1][:4] == ["period", "2026-12-07", "3", "2"]
    assert rows[3][:2] == ["agent", "Anna"]


@pytest.mark.asyncio
async def test_the_report_asks_for_the_chosen_days_and_grouping(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    dialog = window.show_reports()
    dialog.until.setMaximumDate(QDate(2026, 12, 31))
    dialog.since.setDate(QDate(2026, 12, 1))
    dialog.until.setDate(QDate(2026, 12, 7))
    dialog.period.setCurrentIndex(dialog.period.findData(Period.WEEK))
    wanted = (_midnight(QDate(2026, 12, 1)), _midnight(QDate(2026, 12, 8)), Period.WEEK)

    await until(lambda: team.report_asks[-1:] == [wanted])

    assert dialog.summary.text() == "Nothing happened in this range."
    assert not dialog.save_button.isEnabled()


def _midnight(day: QDate) -> int:
    return int(QDateTime(day, QTime(0, 0), QTimeZone.utc()).toSecsSinceEpoch())
