"""The bench report: ratios both ways, the table, the last line, JSON, and the progress display."""

from __future__ import annotations

import io
import json
import math

from app.bench.report import Better, Figure, Goal, Percentiles, Progress, Report, Row


def _report() -> Report:
    sync = Row(
        "new desk applies",
        Figure(4210, "events/s", "sync"),
        Figure(15300, "msg/s", "raw consume"),
    )
    latency = Row("p99", Figure(12.0, "ms"), Figure(3.0, "ms"), Better.LOWER)
    alone = Row("open once", Figure(0.5, "s"))
    return Report(
        "cold-sync",
        {"events": 100_000},
        (sync, latency, alone),
        sync,
        Goal("≥ 0.33", met=False),
        notes=("the log was filled in 30 s",),
        extra={"lost": 0},
    )


def test_a_rate_keeps_figure_over_floor_and_a_time_floor_over_figure() -> None:
    report = _report()
    assert report.rows[0].ratio == 4210 / 15300
    assert report.rows[1].ratio == 0.25
    assert report.rows[2].ratio is None
    zero = Row("x", Figure(1, "ms"), Figure(0, "ms"), Better.LOWER)
    assert zero.ratio is not None
    assert math.isnan(zero.ratio)


def test_the_last_line_is_the_headline_with_its_ratio_and_goal() -> None:
    text = _report().table()
    last = text.splitlines()[-1]
    assert last == (
        "cold-sync: sync 4,210 events/s vs raw consume 15,300 msg/s = 0.28 (goal ≥ 0.33: NOT met)"
    )
    assert "events=100,000" in text.splitlines()[0]
    assert "the log was filled in 30 s" in text
    row = next(line for line in text.splitlines() if line.startswith("p99"))
    assert row.split()[-1] == "0.25"


def test_json_holds_the_same_figures() -> None:
    out = io.StringIO()
    _report().print(out, as_json=True)
    data = json.loads(out.getvalue())
    assert data["bench"] == "cold-sync"
    assert data["ratio"] == 4210 / 15300
    assert data["goal"] == {"text": "≥ 0.33", "met": False, "at_size": True}
    assert data["lost"] == 0
    assert [r["label"] for r in data["rows"]] == ["new desk applies", "p99", "open once"]
    assert data["rows"][2]["floor"] is None


def test_percentiles_in_milliseconds() -> None:
    figures = Percentiles.of([n / 1000 for n in range(1, 101)])
    assert (figures.p50, figures.p99, figures.max, figures.count) == (51.0, 100.0, 100.0, 100)
    assert math.isnan(Percentiles.of([]).p50)


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_without_a_terminal_prints_a_line_every_tenth() -> None:
    out, clock = io.StringIO(), _Clock()
    progress = Progress(out, "syncing", 100, clock, tty=False)
    for done in range(0, 101, 5):
        clock.now += 1
        progress.update(done)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11  # 0 %, then each tenth once
    assert lines[-1].startswith("syncing: 100 of 100")
    assert "\r" not in out.getvalue()


def test_progress_on_a_terminal_redraws_one_bar() -> None:
    out, clock = io.StringIO(), _Clock()
    progress = Progress(out, "syncing", 10, clock, tty=True)
    for done in range(11):
        clock.now += 1
        progress.update(done)
    progress.finish()
    text = out.getvalue()
    assert text.count("\n") == 1
    assert text.endswith("\n")
    assert "[" + "#" * Progress.WIDTH + "] 10/10" in text


def test_a_run_smaller_than_the_goal_is_not_judged() -> None:
    small = Goal("p99 ≤ 50 ms at 500/s", met=True, at_size=False)
    report = _report()
    shrunk = Report(report.bench, report.params, report.rows, report.headline, small)
    assert shrunk.headline_text().endswith("(goal p99 ≤ 50 ms at 500/s: not judged at this size)")
    assert shrunk.as_json()["goal"] == {
        "text": "p99 ≤ 50 ms at 500/s",
        "met": False,
        "at_size": False,
    }
