"""Damaged replicas kept aside: the newest copies stay, older ones go, the fresh one is
never touched (issue 9: a disk that damages files now and then must not fill with copies)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from app.desk.fresh_copy import KEPT_DAMAGED, set_aside


def _replica(path: Path, text: str) -> None:
    path.write_text(text)
    path.with_name(path.name + "-wal").write_text(f"{text} wal")


def test_setting_aside_keeps_the_newest_copies_with_their_companions(tmp_path: Path) -> None:
    replica = tmp_path / "replica.db"
    start = datetime(2026, 12, 6, 20, 0, 0)
    kept: list[Path] = []
    for n in range(KEPT_DAMAGED + 3):
        _replica(replica, f"copy {n}")
        kept.append(set_aside(replica, start + timedelta(minutes=n)))

    left = sorted(p.name for p in tmp_path.iterdir())
    newest = kept[-KEPT_DAMAGED:]
    assert left == sorted([p.name for p in newest] + [p.name + "-wal" for p in newest])
    assert newest[-1].read_text() == f"copy {KEPT_DAMAGED + 2}"
    assert not replica.exists()  # set aside; the fresh copy is made after


def test_the_fresh_replica_and_other_files_are_never_removed(tmp_path: Path) -> None:
    replica = tmp_path / "replica.db"
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "other-damaged-20260101-000000.db").write_text("not ours")
    start = datetime(2026, 12, 6, 20, 0, 0)
    for n in range(KEPT_DAMAGED + 1):
        _replica(replica, f"copy {n}")
        set_aside(replica, start + timedelta(minutes=n))
    replica.write_text("fresh")

    assert replica.read_text() == "fresh"
    assert (tmp_path / "notes.txt").exists()
    assert (tmp_path / "other-damaged-20260101-000000.db").exists()
    assert len(list(tmp_path.glob("replica-damaged-*.db"))) == KEPT_DAMAGED
