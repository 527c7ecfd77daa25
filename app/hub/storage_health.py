"""Telling a hub whose disk filled up, and when it may start again.

When a write to JetStream's store fails for lack of space, nats-server marks the stream with a
critical write error and keeps refusing writes to it after space is freed: only a restart
clears it (seen with nats-server 2.12 on a full tmpfs). It keeps running and answering pings,
so the supervisor cannot tell from the process; the server's log says it, once per failed
write. The supervisor watches the log for these lines, waits until the disk has room again,
and restarts the server.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LogFollower", "limit_bytes", "room_to_restart", "storage_failure", "store_full"]

_FAILURE_MARKS = (
    "no space left on device",
    "critical write error",
    "jetstream out of resources",
    "disk quota exceeded",
)
"""How nats-server's log says a write to the store failed (lower case)."""

ROOM_CAP = 64 * 1024 * 1024
"""Free bytes that are always enough to restart: a server starts in a few KiB, and a little
room lets desks write again instead of filling the disk once more at once."""
ROOM_SHARE = 0.05
"""On a small disk, this share of its size is enough (a 100 MB disk: 5 MB)."""


def storage_failure(log_text: str) -> str | None:
    """The first log line saying a store write failed, or None."""
    for line in log_text.splitlines():
        lowered = line.lower()
        if any(mark in lowered for mark in _FAILURE_MARKS):
            return line.strip()
    return None


FULL_WITHIN = 64 * 1024
"""Bytes short of the store limit at which the hub counts as full: nats-server refuses a write
that would pass `max_file_store` ("insufficient resources"), and an envelope is a few KiB."""

_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def limit_bytes(size: str) -> int:
    """A JetStream size as nats-server reads it (``1GB``, ``64M``: powers of 1024) in bytes."""
    digits = size.rstrip("KMGTBkmgtb")
    unit = size[len(digits) :].upper().removesuffix("B") or ""
    return int(digits) * _UNITS[unit]


def store_full(used: int, limit: int) -> bool:
    """Whether a store holding `used` bytes of `limit` takes no more envelopes."""
    return used >= limit - FULL_WITHIN


def room_to_restart(store: Path) -> bool:
    """Whether the file system holding `store` has room for the server to write again."""
    try:
        usage = shutil.disk_usage(store)
    except OSError:
        return False
    return usage.free >= min(ROOM_CAP, int(usage.total * ROOM_SHARE))


@dataclass
class LogFollower:
    """Reads what a log file gained since the last read (from its size when made)."""

    path: Path
    offset: int = 0

    @classmethod
    def from_end(cls, path: Path) -> LogFollower:
        try:
            return cls(path, path.stat().st_size)
        except OSError:
            return cls(path, 0)

    def news(self) -> str:
        try:
            with self.path.open("rb") as log:
                log.seek(self.offset)
                data = log.read()
        except OSError:
            return ""
        self.offset += len(data)
        return data.decode("utf-8", errors="replace")
