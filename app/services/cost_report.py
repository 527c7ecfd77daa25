"""The costs report as a CSV file for a spreadsheet or an accountant (issue 10, item 6).

The columns are a data format, not words on screen: fixed English names and Meta's own category
words, so a sheet that reads them keeps working whatever language the desk speaks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.domain.pricing import CostLine

COLUMNS = ("day_utc", "category", "charged", "label", "sender", "messages")


def cost_csv(lines: Iterable[CostLine]) -> str:
    """The report's lines as CSV text, one row per line, with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in lines:
        charged = "yes" if line.group.charged else "no"
        writer.writerow(
            (line.day, line.category, charged, line.group.name.lower(), line.sender, line.count)
        )
    return out.getvalue()
