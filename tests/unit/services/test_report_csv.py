"""The activity report's CSV: periods, agents and hours, durations in whole seconds, one column
per billable category the range had, and empty cells where a figure does not apply."""

from __future__ import annotations

import csv
import io

from app.domain.ids import DeviceId
from app.domain.reports import NO_SPREAD, AgentLine, PeriodLine, Spread, TeamReport
from app.services.report_csv import COLUMNS, report_csv

ANNA = DeviceId(b"A" * 16)


def test_the_csv_lists_periods_agents_and_hours() -> None:
    report = TeamReport(
        periods=(
            PeriodLine("2026-12-07", 3, 2, Spread(120.0, 300.0, 3), Spread(2100.0, 3600.0, 2),
                       4, 3, (("marketing", 2),)),
            PeriodLine("2026-12-08", 1, 0, NO_SPREAD, NO_SPREAD, 1, 0, (("utility", 1),)),
        ),
        agents=(AgentLine(ANNA, 2, 1, 5, Spread(90.0, 120.0, 2), Spread(800.5, 1000.0, 1)),),
        busiest_hours=(3,) + (0,) * 23,
        names={ANNA: "Anna, Sales"},
    )  # fmt: skip

    rows = list(csv.reader(io.StringIO(report_csv(report))))

    assert rows[0] == [*COLUMNS, "billable_marketing", "billable_utility"]
    assert rows[1] == ["period", "2026-12-07", "3", "2", "3", "120", "300", "2100", "3600",
                       "4", "3", "2", "0"]  # fmt: skip
    assert rows[2] == ["period", "2026-12-08", "1", "0", "0", "", "", "", "", "1", "0", "0", "1"]
    assert rows[3] == ["agent", "Anna, Sales", "", "1", "2", "90", "120", "800", "1000", "", "5"]
    assert rows[4] == ["hour_utc", "00", "", "", "", "", "", "", "", "3", ""]
    assert len(rows) == 1 + 2 + 1 + 24
