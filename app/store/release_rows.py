"""The SQL of announced versions: `version_announcements` rows from the fold, the latest one,
and which version this desk's user closed (`version_dismissed`, local only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.releases import Release
from app.store.db import Tx

if TYPE_CHECKING:
    from app.log.state import BatchState

# A copy of an announcement already kept (the same id) is dropped.
_SQL_INSERT = (
    "INSERT OR IGNORE INTO version_announcements "
    "(stream_seq, announce_id, version, url, note, at) VALUES (?, ?, ?, ?, ?, ?)"
)
_SQL_LATEST = (
    "SELECT a.version, a.url, a.note, d.version AS dismissed FROM version_announcements AS a "
    "LEFT JOIN version_dismissed AS d ON d.id = 1 ORDER BY a.stream_seq DESC LIMIT 1"
)
_SQL_DISMISS = (
    "INSERT INTO version_dismissed (id, version) VALUES (1, ?) "
    "ON CONFLICT (id) DO UPDATE SET version = excluded.version"
)


async def flush(tx: Tx, state: BatchState) -> None:
    """Write the batch's announcements, in log order."""
    if state.releases:
        await tx.executemany(
            _SQL_INSERT,
            (
                (seq, ev.announce_id, ev.release.version, ev.release.url, ev.release.note, ev.at)
                for ev, seq in state.releases
            ),
        )


async def latest(tx: Tx) -> tuple[Release, bool] | None:
    """The latest announcement in log order, and whether this desk's user closed it."""
    row = await tx.fetchone(_SQL_LATEST)
    if row is None:
        return None
    release = Release(str(row["version"]), str(row["url"]), str(row["note"]))
    return release, row["dismissed"] == release.version


async def dismiss(tx: Tx, version: str) -> None:
    await tx.execute(_SQL_DISMISS, (version,))
