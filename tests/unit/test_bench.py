"""`switchboard bench search` on a small replica: it builds, reuses and prints its table.

No timing is asserted: the figures are for people reading them, on their own machines.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(120)


def _bench(db: Path, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app", "bench", "search", "--messages", "2000", "--queries", "6"]
        + ["--db", str(db), *extra],
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "INFO" not in done.stderr
    return done.stdout


def test_builds_the_replica_and_prints_each_figure_beside_the_floor(tmp_path: Path) -> None:
    out = _bench(tmp_path / "bench.db")
    assert "stored 2,000 of 2,000 messages" in out
    assert "search: 2,000 messages in" in out
    for label in (
        "whole word, all conversations",
        "word being typed, all conversations",
        "FTS5 floor",
        "ratio to the floor",
        "whole word, one conversation",
        "a regular's (years long)",
    ):
        assert label in out
    assert out.count(" ms") >= 18
    assert "target: p95 of a whole one-word search ≤ 50 ms on 1,000,000 messages:" in out
    assert "(measured on 2,000)" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("search: p95 of a whole word ")
    assert " vs FTS5 floor " in last
    assert last.endswith("(goal p95 ≤ 50 ms on 1,000,000 messages: not judged at this size)")


def test_json_is_one_object_and_building_goes_to_stderr(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "bench", "search", "--messages", "2000", "--queries", "6"]
        + ["--db", str(tmp_path / "bench.db"), "--json"],
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["bench"] == "search"
    assert data["headline"]["label"] == "whole word, all conversations, p95"
    assert data["headline"]["floor_what"] == "FTS5 floor"
    assert data["goal"]["at_size"] is False
    assert "stored 2,000 of 2,000 messages" in done.stderr


def test_reuse_skips_building_a_file_of_the_same_size(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    _bench(db)
    again = _bench(db, "--reuse")
    assert "reusing" in again
    assert "stored" not in again


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "bench", "search", "--messages", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "switchboard bench search: --messages: must be at least 1, not 0"
    ]
