"""The fault suite's table and JSON."""

from __future__ import annotations

import io
import json

from app.bench.faults_check import Tally
from app.bench.faults_report import FaultReport, FaultRow


def _report(lost: int = 0, recovered: float | None = 1.25) -> FaultReport:
    counts = Tally(19, (19, 18), 19, 1, lost, 0, 0, True)
    row = FaultRow("gateway kill -9", counts, recovered, shown=False)
    total = FaultRow("total", Tally(19, (19, 18), 19, 1, lost, 0, 0, True), recovered)
    return FaultReport({"desks": 2}, ("Owner", "Desk 2"), (row,), total)


def test_the_table_has_a_row_per_fault_with_applied_per_desk_and_the_verdict() -> None:
    table = _report().table().splitlines()

    assert table[0].split() == [
        "fault",
        "sent",
        "applied",
        "Owner/Desk",
        "2",
        "replies",
        "failed",
        "lost",
        "dup",
        "wrong",
        "recovered",
        "shown",
    ]
    assert table[2].split() == [
        "gateway",
        "kill",
        "-9",
        "19",
        "19/18",
        "19",
        "1",
        "0",
        "0",
        "0",
        "1.2",
        "s",
        "no",
    ]
    assert table[-1].startswith("nothing lost, duplicated or wrongly marked")


def test_a_loss_or_a_fault_not_recovered_from_is_not_ok() -> None:
    assert _report().ok
    assert not _report(lost=1).ok
    assert not _report(recovered=None).ok
    assert "did not" in _report(recovered=None).table()
    assert _report(lost=1).table().splitlines()[-1].startswith("FAULTS FOUND")


def test_json_holds_the_same_counts() -> None:
    out = io.StringIO()

    _report(lost=2).print(out, as_json=True)

    data = json.loads(out.getvalue())
    assert data["faults"][0] | {"notes": []} == {
        "fault": "gateway kill -9",
        "sent": 19,
        "applied": [19, 18],
        "replies": 19,
        "failed": 1,
        "lost": 2,
        "duplicated": 0,
        "wrongly_marked": 0,
        "recovered_s": 1.25,
        "shown_to_user": False,
        "notes": [],
    }
    assert data["ok"] is False
