"""A damaged replica is set aside, never replaced quietly; the device syncs a fresh copy.

Everything a replica holds about the team is in the hub's log, except this device's own
identity, the epoch seeds its join box brought (both sealed with the device key) and the
replies written here that had not reached the hub yet (its outbox). So a fresh copy needs
those from the damaged file: when they can still be read, the device syncs again from the hub
as itself and, once caught up, queues the unsent replies again (`resend_unsent`); when they
cannot (an empty file), the profile joins the team again as a new device. The damaged file is
kept either way, renamed beside the new one, for a backup or a support case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain.errors import SwitchboardError
from app.domain.ids import DeviceId, short
from app.services.identity import DeskIdentity
from app.services.session import OpenDesk
from app.store.damage_mark import clear_damage_mark
from app.store.records import OutboxJob
from app.store.replica import Replica

__all__ = ["KEPT_DAMAGED", "Salvaged", "prune_kept", "resend_unsent", "salvage", "set_aside"]

log = logging.getLogger(__name__)

KEPT_DAMAGED = 2
"""Damaged copies kept beside the replica, newest first; older ones are removed."""

_COMPANIONS = ("", "-wal", "-shm")
"""SQLite's files of one database: moved together so the kept copy still opens."""


@dataclass(frozen=True, slots=True)
class Salvaged:
    """What a fresh copy needs from the damaged replica."""

    identity: DeskIdentity
    seeds: dict[int, bytes]
    unsent: tuple[OutboxJob, ...] = ()
    """Replies written on this desk that had not reached the hub, oldest first."""


async def salvage(path: Path, db_key: bytes, dmk: bytes) -> Salvaged | None:
    """This device's identity and seeds from the replica at `path`; None if unreadable."""
    try:
        replica = await Replica.open(path, db_key, existing=True, accept_damage=True)
    except SwitchboardError as err:  # missing, empty, or not even a database any more
        log.warning("damaged replica does not open (%s)", err.code)
        return None
    try:
        blob = await replica.load_identity()
        seeds = await replica.seeds()
        if blob is None:
            log.warning("damaged replica holds no identity")
            return None
        return Salvaged(DeskIdentity.open(blob, dmk), seeds, await _unsent(replica))
    except Exception as err:  # a damaged page under the identity: the device joins again
        log.warning("identity not readable from the damaged replica (%s)", type(err).__name__)
        return None
    finally:
        await replica.close()


async def _unsent(replica: Replica) -> tuple[OutboxJob, ...]:
    try:
        return tuple(await replica.unsent_outbox())
    except Exception as err:  # a damaged page under the outbox: the kept file still has them
        log.warning("unsent replies not readable from the damaged replica (%s)", type(err).__name__)
        return ()


async def resend_unsent(desk: OpenDesk, unsent: tuple[OutboxJob, ...], author: DeviceId) -> None:
    """Once the fresh copy has caught up, queue the damaged replica's unsent replies again,
    each with its event id (the idempotency key) and the view its agent answered: one that
    reached the log after all is there now and is skipped, and one whose conversation moved on
    meanwhile is refused by the outbox's guard and shown as not sent, never sent blindly."""
    if not unsent:
        return
    await desk.caught_up()
    replica = desk.replica
    queued = 0
    for job in unsent:
        if await replica.message_by_event_id(job.event_id) is not None:
            continue  # it reached the hub before the damage was found
        try:
            await replica.enqueue_content(
                job.conversation_id,
                job.event_id,
                job.content,
                author,
                job.created_at,
                expected_subject_seq=job.expected_subject_seq,
            )
        except ValueError:  # its conversation is not in the log: nothing to answer
            log.warning("unsent reply %s: its conversation is gone", short(job.event_id))
            continue
        queued += 1
    if queued:
        log.warning("%d unsent replies of the damaged replica queued again", queued)
        desk.outbox.wake()


def set_aside(path: Path, now: datetime) -> Path:
    """Rename the replica at `path` (with SQLite's files beside it) out of the way; returns
    the kept file's path. Its damage note goes: the kept file is not opened again. Of the
    copies kept earlier, the KEPT_DAMAGED newest stay (`prune_kept`)."""
    kept = path.with_name(f"{path.stem}-damaged-{now:%Y%m%d-%H%M%S}{path.suffix}")
    for companion in _COMPANIONS:
        source = path.with_name(path.name + companion)
        if source.exists():
            source.rename(kept.with_name(kept.name + companion))
    clear_damage_mark(path)
    prune_kept(path)
    return kept


def prune_kept(path: Path) -> list[Path]:
    """Remove all but the KEPT_DAMAGED newest damaged copies of the replica at `path`;
    returns the removed files. Each was superseded by a fresh copy from the hub: kept for a
    support case, not for ever, or a disk that damages files now and then fills with them
    until the desk can write nothing (seen in a 10-minute fault run: five copies, 64 MB)."""
    copies = sorted(path.parent.glob(f"{path.stem}-damaged-*{path.suffix}"), reverse=True)
    removed: list[Path] = []
    for old in copies[KEPT_DAMAGED:]:  # the stamp sorts by time: newest first
        for companion in _COMPANIONS:
            file = old.with_name(old.name + companion)
            if file.exists():
                file.unlink()
                removed.append(file)
        log.warning(
            "older damaged replica %s removed (the newest %d are kept)", old.name, KEPT_DAMAGED
        )
    return removed
