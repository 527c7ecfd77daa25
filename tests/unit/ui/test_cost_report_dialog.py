"""The costs report (Desk menu, Ctrl+Shift+O) over the fake desk: lines by day, label and
sender since the chosen day, the total above them, and the CSV it saves."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QTimeZone
from pytestqt.qtbot import QtBot

from app.domain.pricing import Pricing, PricingType
from app.ui.cost_report_dialog import CostReportDialog
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_window, press

DAY = 86_400
MARKETING = Pricing("marketing", PricingType.REGULAR, billable=True)
FREE = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False)


def _day(at: int) -> str:
    return QDateTime.fromSecsSinceEpoch(at, QTimeZone.utc()).date().toString("yyyy-MM-dd")


@pytest.mark.asyncio
async def test_the_report_lists_priced_messages_and_saves_them_as_csv(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, tmp_path: Path
) -> None:
    team.agents[anna.me] = "Anna"
    maria = team.customer_writes("Maria", "Is the sofa back?", at=NOW - 600)
    offer = team.agent_sent(maria, anna.me, "Our winter sale")
    team.priced(offer, MARKETING, at=NOW - 3 * DAY)
    team.priced(team.agent_sent(maria, anna.me, "Yes"), FREE, at=NOW)
    team.priced(team.agent_sent(maria, anna.me, "It is"), FREE, at=NOW)
    window = await open_window(qtbot, anna)

    press(window, "Ctrl+Shift+O")
    dialog = window.findChild(CostReportDialog)
    assert dialog is not None
    dialog.since.setDate(QDate.fromString(_day(NOW - 10 * DAY), "yyyy-MM-dd"))
    await until(lambda: dialog.table.rowCount() == 2)

    assert dialog.summary.text() == "1 charged, 2 free"
    cells = [
        [dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())
    ]
    assert cells == [
        [_day(NOW - 3 * DAY), "Marketing · charged", "marketing", "Anna", "1"],
        [_day(NOW), "Free · service window", "service", "Anna", "2"],
    ]
    target = tmp_path / "costs.csv"
    await dialog.save_to(target)
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[1:] == [
        [_day(NOW - 3 * DAY), "marketing", "yes", "marketing", "Anna", "1"],
        [_day(NOW), "service", "no", "free_service_window", "Anna", "2"],
    ]

    dialog.since.setDate(QDate.fromString(_day(NOW), "yyyy-MM-dd"))  # the offer drops out
    await until(lambda: dialog.table.rowCount() == 1)
    assert dialog.summary.text() == "none charged, 2 free"
