"""The costs report's CSV: a header, one row per line, quoting a sender's comma."""

from __future__ import annotations

import csv
import io

from app.domain.pricing import CostGroup, CostLine
from app.services.cost_report import COLUMNS, cost_csv


def test_the_csv_has_a_header_and_one_row_per_line() -> None:
    lines = [
        CostLine("2026-12-01", "marketing", CostGroup.MARKETING, "Anna, Sales", 3),
        CostLine("2026-12-01", "service", CostGroup.FREE_SERVICE_WINDOW, "", 7),
    ]
    rows = list(csv.reader(io.StringIO(cost_csv(lines))))
    assert rows == [
        list(COLUMNS),
        ["2026-12-01", "marketing", "yes", "marketing", "Anna, Sales", "3"],
        ["2026-12-01", "service", "no", "free_service_window", "", "7"],
    ]
