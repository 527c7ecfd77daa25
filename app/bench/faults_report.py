"""The table `switchboard bench faults` prints: one row per fault injected, and the total.

Pure: rows in, text or JSON out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from app.bench.faults_check import Tally


@dataclass(frozen=True, slots=True)
class FaultRow:
    """What one fault did: the counts of the messages sent while it lasted, and recovery."""

    fault: str
    tally: Tally
    recovered_in: float | None
    """Seconds from the fault's end until nothing was on its way; None: did not recover."""
    notes: tuple[str, ...] = ()
    """Processes that hung or ended by themselves, and the like."""
    shown: bool | None = None
    """Whether the desks showed the fault while it lasted; None where they cannot tell."""

    @property
    def ok(self) -> bool:
        return self.tally.clean and self.recovered_in is not None and not self.notes

    def as_json(self) -> dict[str, Any]:
        t = self.tally
        return {
            "fault": self.fault,
            "sent": t.sent,
            "applied": list(t.applied),
            "replies": t.replies,
            "failed": t.failed,
            "lost": t.lost,
            "duplicated": t.duplicated,
            "wrongly_marked": t.wrongly_marked,
            "recovered_s": None if self.recovered_in is None else round(self.recovered_in, 2),
            "shown_to_user": self.shown,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class FaultReport:
    """The run: its settings, a row per fault, the total over every message, what else."""

    settings: dict[str, Any]
    desks: tuple[str, ...]
    rows: tuple[FaultRow, ...]
    total: FaultRow
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(row.ok for row in (*self.rows, self.total)) and not self.notes

    def print(self, out: TextIO, *, as_json: bool = False) -> None:
        if as_json:
            print(json.dumps(self.as_json(), indent=2), file=out)
        else:
            print(self.table(), file=out)

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": "faults",
            "settings": self.settings,
            "desks": list(self.desks),
            "faults": [row.as_json() for row in self.rows],
            "total": self.total.as_json(),
            "notes": list(self.notes),
            "ok": self.ok,
        }

    def table(self) -> str:
        applied = "applied " + "/".join(self.desks)
        head = (
            "fault",
            "sent",
            applied,
            "replies",
            "failed",
            "lost",
            "dup",
            "wrong",
            "recovered",
            "shown",
        )
        body = [_cells(row) for row in (*self.rows, self.total)]
        widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]
        lines = [_line(head, widths), _line(tuple("-" * w for w in widths), widths)]
        lines += [_line(cells, widths) for cells in body[:-1]]
        lines += [_line(tuple("-" * w for w in widths), widths), _line(body[-1], widths)]
        for row in (*self.rows, self.total):
            lines += [f"{row.fault}: {note}" for note in row.notes]
        lines += list(self.notes)
        verdict = "nothing lost, duplicated or wrongly marked" if self.ok else "FAULTS FOUND"
        lines.append(
            f"{verdict}; settings: " + ", ".join(f"{k} {v}" for k, v in self.settings.items())
        )
        return "\n".join(lines)


def _cells(row: FaultRow) -> tuple[str, ...]:
    t = row.tally
    recovered = "did not" if row.recovered_in is None else f"{row.recovered_in:.1f} s"
    return (
        row.fault,
        str(t.sent),
        "/".join(str(n) for n in t.applied),
        str(t.replies),
        str(t.failed),
        str(t.lost),
        str(t.duplicated),
        str(t.wrongly_marked),
        recovered,
        {None: "-", True: "yes", False: "no"}[row.shown],
    )


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    first = cells[0].ljust(widths[0])
    rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
    return "  ".join((first, *rest)).rstrip()
