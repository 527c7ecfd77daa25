"""`switchboard demo --headless` as a user runs it: a real process, real hub, real files.

Two desks, three customers, thirty messages each: every desk applies all 90 inbound messages,
every reply reaches its customer exactly once, and no canary token from any message text
appears in the hub's store or the replica files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.demo.report import files_under, scan_for_canaries

pytestmark = pytest.mark.slow

DEMO_TIMEOUT = 110
"""Below pytest's 120 s: a demo that cannot finish (--time-limit 90) ends with its report and
stderr in the failure, instead of being cut off by the test timeout with nothing to show."""


def test_headless_demo_loses_and_duplicates_nothing_and_leaks_no_plaintext(
    tmp_path: Path,
) -> None:
    report_path = tmp_path / "report.json"
    data_dir = tmp_path / "data"
    command = [
        sys.executable,
        "-m",
        "app",
        "demo",
        "--headless",
        "--agents",
        "2",
        "--customers",
        "3",
        "--messages",
        "30",
        "--data-dir",
        str(data_dir),
        "--report",
        str(report_path),
        "--time-limit",
        "90",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(report_path.read_text())

    assert report["inbound_sent"] == 90
    assert [d["inbound_applied"] for d in report["desks"].values()] == [90, 90]
    assert report["replies_requested"] == 90
    assert report["replies_received"] == 90
    assert report["lost"] == {"inbound": 0, "replies": 0, "unanswered": 0}
    assert report["duplicates"] == {"inbound": 0, "replies": 0}
    # The scripted team also notes, transfers, snoozes and resolves, and still loses nothing.
    handled = [d["handling"] for d in report["desks"].values()]
    assert sum(sum(h.values()) for h in handled) > 0, handled
    # And uses the team's tools: each conversation opened with the "hello" canned reply, some
    # labelled, each customer greeted once by the gateway; today's report counts it all.
    features = report["features"]
    assert features["canned_replies"] == 3
    assert features["labels_applied"] >= 1
    assert features["automatic_greetings"] == 3
    assert features["resolved"] >= 1
    today = features["report_today"]
    assert today["opened"] >= 3
    assert today["resolved"] >= 1
    assert today["first_response_median_s"] is not None
    assert "automatic greetings" in done.stderr  # the final summary says so
    assert len(report["canary_tokens"]) == 90
    assert all(len(token) == 16 for token in report["canary_tokens"])

    # Independently of the report's own scan: look at every stored byte ourselves.
    hub_files = files_under(Path(report["hub_store_dir"]))
    replica_files = files_under(data_dir / "desks")
    assert hub_files
    assert replica_files
    tokens = report["canary_tokens"] + report["reply_tokens"]
    assert scan_for_canaries(hub_files + replica_files, tokens) == []
    # And the scan can fail: the tokens are in the simulator's memory, never on disk — but a
    # file we write with one must be found.
    planted = tmp_path / "planted.bin"
    planted.write_bytes(b"xx" + tokens[0].encode() + b"yy")
    assert scan_for_canaries([planted], tokens) != []
    # Logs never carry message bodies.
    assert not any(token in done.stderr for token in tokens)


def test_headless_demo_with_faults_still_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    """Duplicated, retried, reordered and batched webhooks and transient send errors."""
    report_path = tmp_path / "report.json"
    command = [
        sys.executable, "-m", "app", "demo", "--headless", "--faults",
        "--agents", "2", "--customers", "3", "--messages", "30",
        "--data-dir", str(tmp_path / "data"), "--report", str(report_path),
        "--time-limit", "90",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(report_path.read_text())
    assert report["faults"] is True
    assert [d["inbound_applied"] for d in report["desks"].values()] == [90, 90]
    assert report["lost"] == {"inbound": 0, "replies": 0, "unanswered": 0}
    assert report["duplicates"] == {"inbound": 0, "replies": 0}
    # The faults really happened: redeliveries reached the gateway, and posts were retried.
    assert report["gateway"]["duplicates"] > 0
    assert report["simulator"]["webhook_attempts"] > report["simulator"]["webhook_posts_delivered"]
    assert "Traceback" not in done.stderr
