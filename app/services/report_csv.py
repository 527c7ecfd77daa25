"""The activity report as a CSV file (issue 12, item 6): one row per period, then one per agent,
then one per hour of day, told apart by the `scope` column.

The columns are a data format, not words on screen: fixed English names, durations in whole
seconds, Meta's own category words for the billable columns (one per category the range had),
so a sheet that reads them keeps working whatever language the desk speaks.
"""

from __future__ import annotations

import csv
import io

from app.domain.reports import Spread, TeamReport

COLUMNS = (
    "scope",
    "key",
    "opened",
    "resolved",
    "first_responses",
    "first_response_median_s",
    "first_response_p90_s",
    "resolution_median_s",
    "resolution_p90_s",
    "messages_in",
    "messages_out",
)


def _seconds(value: float | None) -> str:
    return "" if value is None else str(round(value))


def _spreads(first: Spread, resolution: Spread) -> list[str]:
    return [
        _seconds(first.median),
        _seconds(first.p90),
        _seconds(resolution.median),
        _seconds(resolution.p90),
    ]


def report_csv(report: TeamReport) -> str:
    """The report as CSV text with a header row."""
    categories = sorted({c for line in report.periods for c, _ in line.billable})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *(f"billable_{c}" for c in categories)])
    for p in report.periods:
        billable = dict(p.billable)
        writer.writerow(
            ["period", p.period, p.opened, p.resolved, p.first_response.count,
             *_spreads(p.first_response, p.resolution), p.messages_in, p.messages_out,
             *(billable.get(c, 0) for c in categories)]
        )  # fmt: skip
    for a in report.agents:
        writer.writerow(
            ["agent", report.names.get(a.agent, ""), "", a.resolved, a.first_responses,
             *_spreads(a.first_response, a.resolution), "", a.messages_out]
        )  # fmt: skip
    for hour, count in enumerate(report.busiest_hours):
        writer.writerow(["hour_utc", f"{hour:02d}", "", "", "", "", "", "", "", count, ""])
    return out.getvalue()
