"""`switchboard bench cold-sync` on a short log: both starts, the replay (what the app does
today) as headline.

No timing is asserted: the figures are for people reading them, on their own machines.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def test_reports_replay_and_snapshot_start_beside_the_floor() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "bench", "cold-sync", "--events", "300", "--json"],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    labels = [row["label"] for row in report["rows"]]
    assert labels[0] == "new desk replays"
    assert "new desk from a snapshot" in labels
    assert report["headline"]["label"] == "new desk replays"
    assert report["headline"]["floor_what"] == "raw consume"
    assert report["snapshot_used"] is True
    assert report["lost"] == report["snapshot_lost"] == report["refused"] == 0
    assert report["goal"]["at_size"] is False
    assert any("headline below is the replay" in note for note in report["notes"])
    assert any("snapshot start ratio" in note for note in report["notes"])
