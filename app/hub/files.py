"""The hub's own small files: written atomically, secrets with mode 0600 from the start."""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["read_team", "write_atomic", "write_team"]


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.

    The temporary file is created with ``mode`` (0600 for secrets), synced, then renamed.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_team(path: Path, team_id: bytes, fingerprint: bytes) -> None:
    """Bind the hub to a team for good: its id and the fingerprint its chain is checked from."""
    body = {"team_id": team_id.hex(), "fingerprint": fingerprint.hex()}
    write_atomic(path, (json.dumps(body, indent=2) + "\n").encode())


def read_team(path: Path) -> tuple[bytes, bytes] | None:
    """``(team_id, fingerprint)`` from ``team.json``, or None if the hub is not bound yet.

    Raises:
        ValueError: The file exists but is not a team binding (never silently unbind).
    """
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    try:
        team_id, fingerprint = bytes.fromhex(body["team_id"]), bytes.fromhex(body["fingerprint"])
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{path} is damaged") from err
    if len(team_id) != 16 or len(fingerprint) != 32:
        raise ValueError(f"{path} is damaged")
    return team_id, fingerprint
