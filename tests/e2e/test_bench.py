"""`switchboard bench` cold-sync, live, gateway and replica, at small sizes, as a user runs them.

Each runs the real console command with a real hub, desks, gateway and simulator on loopback.
The shape of the output is asserted (the table, the ratio on the last line, the JSON object)
and that nothing was lost; never a speed: the figures belong to whoever reads them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def _bench(*argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "app", "bench", *argv],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    return done


def _json(*argv: str) -> dict[str, Any]:
    done = _bench(*argv, "--json")
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout  # one object, nothing else on stdout
    data: dict[str, Any] = json.loads(lines[0])
    assert isinstance(data["ratio"], float)
    assert data["ratio"] > 0
    assert set(data["goal"]) == {"text", "met", "at_size"}
    for row in data["rows"]:
        assert row["value"] is not None, row
    return data


def test_cold_sync_prints_the_ratio_to_raw_consume_on_its_last_line(tmp_path: Path) -> None:
    done = _bench("cold-sync", "--events", "300", "--work-dir", str(tmp_path))
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("cold-sync: new desk ")
    assert " events/s vs raw consume " in last
    assert " msg/s = " in last
    assert last.endswith("(goal ≥ 0.33 of raw consume, none lost: not judged at this size)")
    assert (
        "300 of 300 customer messages in the new desk's replica; 0 records refused" in done.stdout
    )
    # Not a terminal: progress comes as plain lines on stderr, never on stdout.
    assert "new desk syncing: 301 of 301" in done.stderr  # and the gateway's sender key
    assert "\r" not in done.stderr
    assert "syncing" not in done.stdout


def test_cold_sync_json_counts_every_event(tmp_path: Path) -> None:
    data = _json("cold-sync", "--events", "300", "--work-dir", str(tmp_path))
    assert data["bench"] == "cold-sync"
    assert data["params"] == {"events": 300, "customers": 300}
    assert data["lost"] == 0
    assert data["refused"] == 0
    assert data["headline"]["floor_what"] == "raw consume"


def test_live_delivers_every_message_to_every_desk(tmp_path: Path) -> None:
    data = _json(
        "live", "--rate", "20", "--desks", "2", "--seconds", "2", "--work-dir", str(tmp_path)
    )
    assert data["sent"] == 40
    assert data["lost"] == 0
    labels = [row["label"] for row in data["rows"]]
    for wanted in ("on every desk, p50", "on every desk, p99", "NATS publish→receive, p99"):
        assert wanted in labels
    assert data["headline"]["label"] == "on every desk, p99"
    assert data["headline"]["unit"] == "ms"
    # The floor: as many bare desks on the same hub at the same rate, every message on each.
    assert data["headline"]["floor_what"] == "bare desks"
    assert data["headline"]["floor"] > 0
    assert data["bare_sent"] == 40
    assert data["bare_lost"] == 0
    assert data["goal"]["at_size"] is False  # 20/s on 2 desks says nothing of 500/s on 10
    assert data["goal"]["met"] is False
    if sys.platform.startswith("linux"):  # the CPU rows read /proc
        values = {row["label"]: row["value"] for row in data["rows"]}
        # Meta runs in a process of its own, counted apart from the gateway's.
        assert values["Meta's CPU per message (simulator, customers)"] > 0
        assert values["gateway CPU per message (bench's process + spool writer)"] > 0


ONE_GATEWAY = ("--gateways", "1", "--restart-log", "0")


def test_gateway_publishes_every_posted_message(tmp_path: Path) -> None:
    shape = ("--events", "200", "--per-webhook", "4", *ONE_GATEWAY)
    done = _bench("gateway", *shape, "--work-dir", str(tmp_path))
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("gateway: gateway ")
    assert " vs raw publish_async " in last
    assert "50 signed webhook POSTs of 4 message(s)" in done.stdout
    assert "2 gateways publish" not in done.stdout  # --gateways 1 skips the pair
    data = _json("gateway", "--events", "200", *ONE_GATEWAY, "--work-dir", str(tmp_path / "b"))
    assert data["lost"] == 0
    assert data["stored"] >= 200


def test_two_gateways_share_the_webhooks_and_a_restart_is_timed(tmp_path: Path) -> None:
    data = _json(
        "gateway",
        *("--events", "100", "--gateways", "2", "--pair-events", "200"),
        *("--restart-log", "500", "--work-dir", str(tmp_path)),
    )
    labels = [row["label"] for row in data["rows"]]
    assert labels == [
        "gateway publishes",
        "time for all events",
        "gateway CPU per event (bench's process + spool writer)",
        "2 gateways publish",
        "duplicates on the desk",
        "restart, ready for a webhook",
        "first start, no checkpoint",
    ]
    assert data["duplicates"] == 0  # counted on a desk: its messages against distinct wamids
    assert data["pair_lost"] == 0
    assert data["pair_on_desk"] == 200
    assert data["pair_posts"] == [110, 110]  # 200 webhooks, every tenth posted twice, alternating
    assert data["restart_log"] >= 500
    assert data["rows"][2]["unit"] == "µs"
    assert data["cpu_seconds"] > 0
    restart = data["rows"][5]
    assert restart["unit"] == "ms"
    assert restart["floor_what"] == "connect + stream info"
    assert data["goal"]["at_size"] is False
    assert any("20 webhooks POSTed again to the next gateway" in note for note in data["notes"])


def test_replica_opens_beside_bare_sqlcipher_and_reuses_its_file(tmp_path: Path) -> None:
    db = tmp_path / "replica.db"
    shape = ("--messages", "3000", "--conversations", "120", "--opens", "2", "--db", str(db))
    first = _bench("replica", *shape)
    assert "(built now)" in first.stdout
    assert first.stdout.strip().splitlines()[-1].startswith("replica: cold open ")
    data = _json("replica", *shape)
    assert any("(reused)" in note for note in data["notes"])
    labels = [row["label"] for row in data["rows"]]
    assert labels == [
        "open, cold (median)",
        "open, cached (median)",
        "open, slowest",
        "peak memory",
    ]
    assert all(row["floor"] > 0 for row in data["rows"] if row["label"] != "open, slowest")


def test_cluster_loses_and_duplicates_nothing_when_the_stream_leader_is_killed(
    tmp_path: Path,
) -> None:
    argv = ("--rate", "100", "--seconds", "3", "--kill-after", "1", "--work-dir", str(tmp_path))
    data = _json("cluster", *argv)
    assert data["bench"] == "cluster"
    assert data["lost"] == 0
    assert data["duplicated"] == 0
    assert data["publish_stall"] > 0  # a node really died under the publisher
    assert any("(leader) (SIGKILL)" in note for note in data["notes"])
    assert data["headline"]["floor_what"] == "offered"
    assert data["goal"]["at_size"] is False  # 100/s says nothing of 1,000/s
