"""What every bench prints: each figure beside its physical floor, the ratio, and the headline.

A bench measures the project's figure (a desk syncing, a gateway publishing …) and, in the same
run on the same machine, the floor it cannot beat (raw JetStream consume or publish of the same
bytes, bare SQLCipher running the same SQL, bare crypto). The ratio says how much of the floor
the product keeps: 1.0 is the floor itself, 0.25 a quarter of its speed. Comparing with a floor
measured in the same run, rather than with a fixed number, is what makes figures from a busy
laptop and a quiet server comparable.

Pure: values in, text out. The clock of `Progress` is passed in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TextIO

__all__ = [
    "Better",
    "Figure",
    "Goal",
    "Percentiles",
    "Progress",
    "Report",
    "Row",
    "format_value",
]


class Better(Enum):
    """Which way a figure improves: events per second up, milliseconds and megabytes down."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured value with its unit (``events/s``, ``ms``, ``MB`` …)."""

    value: float
    unit: str
    what: str = ""
    """What was measured, for the headline (``raw consume``); the row's label otherwise."""

    def text(self) -> str:
        return f"{format_value(self.value)} {self.unit}"


@dataclass(frozen=True, slots=True)
class Row:
    """A line of the table: the product's figure, and the floor measured beside it if any."""

    label: str
    figure: Figure
    floor: Figure | None = None
    better: Better = Better.HIGHER

    @property
    def ratio(self) -> float | None:
        """The share of the floor's speed the figure keeps (≤ 1 unless the floor was unlucky).

        For rates that is figure / floor, for times and sizes floor / figure, so that in both
        cases 1.0 is the floor and a smaller number is further from it.
        """
        if self.floor is None:
            return None
        figure, floor = self.figure.value, self.floor.value
        if not (math.isfinite(figure) and math.isfinite(floor)) or min(figure, floor) <= 0:
            return math.nan  # nothing measured, or a floor too small to tell
        return figure / floor if self.better is Better.HIGHER else floor / figure


@dataclass(frozen=True, slots=True)
class Goal:
    """The issue's goal for the headline, and whether this run met it."""

    text: str
    met: bool
    at_size: bool = True
    """Whether the run was as large as the goal's sizes; a smaller run is not judged."""

    @property
    def verdict(self) -> str:
        if not self.at_size:
            return "not judged at this size"
        return "met" if self.met else "NOT met"


@dataclass(frozen=True, slots=True)
class Percentiles:
    """Milliseconds at the 50th and 99th percentile and the worst, of a list of seconds."""

    p50: float
    p99: float
    max: float
    count: int

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Percentiles:
        if not seconds:
            return cls(math.nan, math.nan, math.nan, 0)
        ordered = sorted(seconds)

        def at(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

        return cls(at(0.50), at(0.99), ordered[-1] * 1000, len(ordered))


@dataclass(frozen=True, slots=True)
class Report:
    """A bench's result: parameters, rows, the headline row and the goal."""

    bench: str
    """The sub-command (``cold-sync``)."""
    params: dict[str, object]
    rows: tuple[Row, ...]
    headline: Row
    """The row whose ratio is the bench's answer (printed last)."""
    goal: Goal
    notes: tuple[str, ...] = field(default=())
    """Plain sentences printed under the table: how the run was made, what was lost."""
    extra: dict[str, object] = field(default_factory=dict)
    """Counts that belong in the JSON (lost, duplicated …) beside the rows."""

    def headline_text(self) -> str:
        """The last line: ``cold-sync: 4,210 events/s vs raw consume 15,300 msg/s = 0.28 …``."""
        row = self.headline
        text = f"{self.bench}: {row.figure.what or row.label} {row.figure.text()}"
        if row.floor is not None:
            text += f" vs {row.floor.what or 'floor'} {row.floor.text()} = {_ratio(row.ratio)}"
        return f"{text} (goal {self.goal.text}: {self.goal.verdict})"

    def table(self) -> str:
        """The table of figures, floors and ratios, then the notes and the headline."""
        label_width = max(len(row.label) for row in self.rows) + 2
        lines = [
            f"{self.bench}: " + ", ".join(f"{k}={_param(v)}" for k, v in self.params.items()),
            "",
            f"{'':{label_width}}{'figure':>18}{'floor':>18}{'ratio':>8}",
        ]
        for row in self.rows:
            floor = row.floor.text() if row.floor is not None else ""
            ratio = _ratio(row.ratio) if row.floor is not None else ""
            lines.append(f"{row.label:{label_width}}{row.figure.text():>18}{floor:>18}{ratio:>8}")
        lines.append("")
        lines += list(self.notes)
        if self.notes:
            lines.append("")
        lines.append(self.headline_text())
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """One object for machines; the same figures as the table."""
        return {
            "bench": self.bench,
            "params": dict(self.params),
            "rows": [_row_json(row) for row in self.rows],
            "headline": _row_json(self.headline),
            "ratio": _finite(self.headline.ratio),
            "goal": {
                "text": self.goal.text,
                "met": self.goal.met and self.goal.at_size,
                "at_size": self.goal.at_size,
            },
            "notes": list(self.notes),
            **self.extra,
        }

    def print(self, out: TextIO, *, as_json: bool) -> None:
        if as_json:
            print(json.dumps(self.as_json(), ensure_ascii=False), file=out, flush=True)
        else:
            print(self.table(), file=out, flush=True)


def format_value(value: float) -> str:
    """Thousands separated, one decimal below 100, and "n/a" for what could not be measured.

    Zero prints as "0": it is a count more often than a measured time (0 duplicates, 0 lost).
    """
    if not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2f}"


def _ratio(ratio: float | None) -> str:
    return "n/a" if ratio is None or not math.isfinite(ratio) else f"{ratio:.2f}"


def _param(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _row_json(row: Row) -> dict[str, object]:
    return {
        "label": row.label,
        "value": _finite(row.figure.value),
        "unit": row.figure.unit,
        "floor": _finite(row.floor.value) if row.floor is not None else None,
        "floor_unit": row.floor.unit if row.floor is not None else None,
        "floor_what": row.floor.what if row.floor is not None else None,
        "better": row.better.value,
        "ratio": _finite(row.ratio),
    }


_CLEAR_TO_END = "\x1b[K"
"""Erases what a longer earlier bar left on the line."""


class Progress:
    """Progress of a long step on stderr: a bar redrawn in place on a terminal, a plain line
    every tenth otherwise (logs and pipes keep readable lines)."""

    WIDTH = 30

    def __init__(
        self, out: TextIO, what: str, total: int, clock: Callable[[], float], *, tty: bool
    ) -> None:
        self._out = out
        self._what = what
        self._total = max(1, total)
        self._clock = clock
        self._tty = tty
        self._started = clock()
        self._shown_tenth = -1
        self._last_draw = -math.inf
        self._done = 0

    def update(self, done: int) -> None:
        self._done = min(done, self._total)
        if self._tty:
            now = self._clock()
            if now - self._last_draw >= 0.1 or self._done == self._total:
                self._last_draw = now
                self._out.write("\r" + self._bar() + _CLEAR_TO_END)
                self._out.flush()
            return
        tenth = self._done * 10 // self._total
        if tenth > self._shown_tenth:
            self._shown_tenth = tenth
            print(self._line(), file=self._out, flush=True)

    def finish(self) -> None:
        """The last state, and a line break after a bar."""
        if self._tty:
            self._out.write("\r" + self._bar() + _CLEAR_TO_END + "\n")
            self._out.flush()
        elif self._shown_tenth < 10 and self._done == self._total:
            self._shown_tenth = 10
            print(self._line(), file=self._out, flush=True)

    def _rate(self) -> str:
        elapsed = self._clock() - self._started
        return f"{format_value(self._done / elapsed)}/s" if elapsed >= 0.5 else ""

    def _bar(self) -> str:
        filled = self.WIDTH * self._done // self._total
        return (
            f"{self._what} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{self._done:,}/{self._total:,} {self._rate()}"
        )

    def _line(self) -> str:
        return f"{self._what}: {self._done:,} of {self._total:,} {self._rate()}".rstrip()
