"""Under German, the activity report shows no English (the walk of
tests/unit/ui/test_i18n_walk.py, over a report with figures in every column)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.reports import AgentLine, PeriodLine, Spread, TeamReport
from tests.helpers.german import Catalog
from tests.helpers.wait import until
from tests.unit.ui.test_i18n_walk import assert_german, catalog, in_german, populated_desk

__all__ = ["catalog", "in_german"]


@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_the_report_speaks_german(qtbot: QtBot, catalog: Catalog) -> None:
    window = await populated_desk(qtbot)
    team = window.api.team  # type: ignore[attr-defined]
    times = Spread(45.0, 90_000.0, 3)
    team.report = TeamReport(
        periods=(PeriodLine("2026-12-07", 3, 1, times, times, 4, 3, (("marketing", 2),)),),
        agents=(AgentLine(window.api.me, 1, 1, 3, times, Spread(4_000.0, 5_000.0, 1)),),
    )
    dialog = window.show_reports()
    await until(lambda: dialog.agents.rowCount() == 1)
    assert dialog.periods.item(0, 3).text() == "45 s (90 %: 1 T. 1 Std.)"
    assert_german(catalog, dialog)
