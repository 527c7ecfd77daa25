"""`storage_health`: which nats-server log lines mean a failed store write, and log following."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.hub.storage_health import (
    LogFollower,
    limit_bytes,
    room_to_restart,
    storage_failure,
    store_full,
)

_FAILED = (
    "[8082] 2026/12/06 11:25:56.461594 [ERR] Filestore [SB_c9] Critical write error: write "
    "/hub/js/jetstream/$G/streams/SB_c9/msgs/2.blk: no space left on device"
)


def test_a_failed_store_write_is_told_from_ordinary_lines() -> None:
    ordinary = "[1] 2026/12/06 11:25:50.1 [INF] Server is ready\n[1] [INF] Reloaded server"
    assert storage_failure(ordinary) is None
    assert storage_failure(f"{ordinary}\n{_FAILED}\n") == _FAILED
    assert storage_failure("[1] [ERR] JetStream out of resources, will be DISABLED") is not None


def test_the_follower_reads_each_line_once(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text("old line\n")
    follower = LogFollower.from_end(log)
    assert follower.news() == ""
    with log.open("a") as out:
        out.write("new line\n")
    assert follower.news() == "new line\n"
    assert follower.news() == ""


def test_a_missing_log_reads_as_nothing(tmp_path: Path) -> None:
    assert LogFollower.from_end(tmp_path / "none.log").news() == ""


def test_an_ordinary_folder_has_room(tmp_path: Path) -> None:
    assert room_to_restart(tmp_path)
    assert not room_to_restart(tmp_path / "missing" / "store")


@pytest.mark.parametrize(
    ("size", "expected"),
    [("1GB", 1024**3), ("64MB", 64 * 1024**2), ("2M", 2 * 1024**2), ("5KB", 5120), ("100", 100)],
)
def test_store_limits_read_as_nats_server_reads_them(size: str, expected: int) -> None:
    assert limit_bytes(size) == expected


def test_a_store_within_a_few_envelopes_of_its_limit_counts_as_full() -> None:
    limit = limit_bytes("1MB")
    assert not store_full(limit // 2, limit)
    assert store_full(limit - 1024, limit)
    assert store_full(limit + 4096, limit)  # the server lets the last write pass the limit
