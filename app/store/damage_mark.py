"""A note beside the replica that it failed its integrity check.

The check runs in the background after the desk opens (`Database.integrity_problems`): by
then the window shows the replica, so the status bar says DAMAGED. The note makes the next
start ask the user what to do (a fresh copy from the hub, or open it anyway) instead of going
on quietly with a file that may lose what is written into it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["clear_damage_mark", "damage_mark", "is_marked_damaged", "mark_damaged"]


def damage_mark(replica: Path) -> Path:
    """Where the note for `replica` lives: beside it, so it moves with the profile."""
    return replica.with_name(replica.name + ".damaged")


def mark_damaged(replica: Path, finding: str) -> None:
    """Leave the note; `finding` is SQLite's first finding (page numbers, no content)."""
    damage_mark(replica).write_text(finding + "\n", encoding="utf-8")


def is_marked_damaged(replica: Path) -> bool:
    return damage_mark(replica).exists()


def clear_damage_mark(replica: Path) -> None:
    damage_mark(replica).unlink(missing_ok=True)
