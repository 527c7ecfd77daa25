"""Encrypted backups of a desk's replica, and starting a new device of the team from one.

A backup is the replica copied under a passphrase (`Replica.back_up`), less this device's own
keys. Restoring is a start from a snapshot whose pack is the backup's stored log: the new
device (enrolled, holding its own identity) reads every record through a fresh `LogReader` and
the same `SyncEngine` path a replay takes (`snapshot.apply_pack`), so nothing in the file is
trusted that its authors did not sign under the chain the device validated from its pinned
fingerprint; then it follows the hub after the backup's newest record. A backup of another
team, or one that was altered, fails the checks, and the caller replays from sequence 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DataFault, EnvironmentFault, StoreUnavailable, UserFault
from app.domain.export import ExportFormat, ExportScope
from app.domain.ids import NO_CONVERSATION
from app.log.events import Exported
from app.services.export import ExportNotRecorded, RecordExport
from app.services.identity import DeskIdentity
from app.services.snapshot import SnapshotStart, apply_pack
from app.store.backup import BackupFile, BackupUnreadable
from app.store.replica import Replica
from app.sync.snapshot import PackTransport
from app.sync.subjects import Subjects
from app.sync.transport import LogRecord

log = logging.getLogger(__name__)

MIN_PASSPHRASE = 12
"""Characters a backup's passphrase needs at least: the file may travel (a USB stick, a cloud
folder), and SQLCipher's key derivation only slows guessing down."""
_PAGE = 2_000


class BackupPassphraseTooShort(DataFault):
    code = "backup-passphrase-short"


class BackupFileExists(UserFault):
    """A file is at the chosen path, and replacing it was not asked for."""

    code = "backup-file-exists"


class BackupNotRecorded(EnvironmentFault):
    """The hub did not take the backup's record, so no backup was written."""

    code = "backup-not-recorded"


class BackupFolderUnwritable(EnvironmentFault):
    """The chosen folder is missing, read-only or not ours to write in."""

    code = "backup-folder-unwritable"


class BackupDiskFull(EnvironmentFault):
    """The disk filled up while the backup was written; nothing was left behind."""

    code = "backup-disk-full"


class BackupNotWritten(EnvironmentFault):
    """The backup could not be written for another reason the machine gave."""

    code = "backup-not-written"


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    conversations: int
    messages: int


@dataclass(frozen=True, slots=True)
class BackupChoice:
    """A backup file a new device starts from, and its passphrase (never stored)."""

    path: Path
    passphrase: str = field(repr=False)


async def back_up(replica: Replica, path: Path, passphrase: str) -> None:
    """Write an encrypted backup of `replica` to `path`, replacing any file there only once
    the new one is complete.

    Raises:
        BackupPassphraseTooShort: Fewer than `MIN_PASSPHRASE` characters.
        StoreUnavailable: The copy could not be written.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupPassphraseTooShort(f"a backup passphrase needs {MIN_PASSPHRASE} characters")
    part = path.with_name(path.name + ".part")
    # ATTACH would open an old one instead of starting anew.
    await asyncio.to_thread(part.unlink, missing_ok=True)
    try:
        await asyncio.to_thread(_create_private, part)
        await replica.back_up(part, passphrase)
        await asyncio.to_thread(os.replace, part, path)
    finally:
        await asyncio.to_thread(part.unlink, missing_ok=True)
    log.info("replica backed up")


def _create_private(path: Path) -> None:
    """An empty file only its owner may read (SQLite takes it as a new database and gives its
    journal the same mode): a backup is encrypted, but its size and times are nobody's."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


class DeskBackup:
    """Backs up one desk's replica, each backup recorded in the team log first (kind 35 with
    the BACKUP scope: counts only), so the audit trail lists every copy an honest desk made.

    Any member may back up: the copy holds what her own desk holds, nothing more, and starting
    a device from it still needs an admin to let that device in.
    """

    def __init__(self, replica: Replica, record: RecordExport) -> None:
        self._replica = replica
        self._record = record

    async def write(self, path: Path, passphrase: str, *, replace: bool = False) -> BackupResult:
        """Record the backup, then write it to `path` (the folder checked first), replacing a
        file already there only when `replace` says the person agreed to.

        Raises:
            BackupPassphraseTooShort: Fewer than `MIN_PASSPHRASE` characters; nothing recorded.
            BackupFileExists: A file is at `path` and `replace` is False; nothing recorded.
            BackupFolderUnwritable: The folder cannot take a file; nothing recorded.
            BackupNotRecorded: The hub did not take the record; nothing written.
            BackupDiskFull, BackupNotWritten: The file could not be written (none is left).
        """
        if len(passphrase) < MIN_PASSPHRASE:
            raise BackupPassphraseTooShort(f"a backup passphrase needs {MIN_PASSPHRASE} characters")
        if not replace and await asyncio.to_thread(path.exists):
            raise BackupFileExists("a file is there already")
        await asyncio.to_thread(_check_folder, path.parent)
        conversations, messages = await self._replica.export_totals()
        event = Exported(
            ExportScope.BACKUP,
            ExportFormat.ENCRYPTED_REPLICA,
            NO_CONVERSATION,
            conversations,
            messages,
        )
        try:
            await self._record(event)
        except ExportNotRecorded:
            raise BackupNotRecorded("the hub did not take the backup's record") from None
        try:
            await back_up(self._replica, path, passphrase)
        except (StoreUnavailable, OSError) as exc:
            raise _not_written(exc) from None
        return BackupResult(path, conversations, messages)


def _check_folder(folder: Path) -> None:
    """Write and remove a probe file: permissions, read-only mounts and missing folders all
    show before anything is recorded."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise BackupFolderUnwritable(f"cannot write in the folder ({exc.strerror})") from None


def _not_written(exc: StoreUnavailable | OSError) -> EnvironmentFault:
    # The store words SQLITE_FULL as "… is full" (app.store.db.translate).
    full = exc.errno == errno.ENOSPC if isinstance(exc, OSError) else "is full" in str(exc)
    if full:
        return BackupDiskFull("the disk filled up while writing the backup")
    return BackupNotWritten("the backup could not be written")


async def check_backup(choice: BackupChoice) -> None:
    """Open and close the backup, so a wrong file or passphrase shows before a join.

    Raises:
        BackupUnreadable: Not a backup, or another passphrase.
        StoreUnavailable: The file could not be read.
    """
    backup = await BackupFile.open(choice.path, choice.passphrase)
    await backup.close()


RestoreProgress = Callable[[int, int], None]
"""Told (stream sequence read so far, the backup's last) as the backup's pages are read."""


async def start_from_backup(
    replica: Replica,
    identity: DeskIdentity,
    path: Path,
    passphrase: str,
    progress: RestoreProgress | None = None,
) -> SnapshotStart:
    """Check and apply the backup's log into `replica` (new: this device's identity and
    nothing of the log yet), telling `progress` how far it read.

    A file that is not a backup, or does not open with `passphrase`, is not used either
    (`reason` "backup-unreadable").
    """
    started = time.perf_counter()
    try:
        backup = await BackupFile.open(path, passphrase)
    except BackupUnreadable:
        log.warning("backup not used (unreadable): replaying the log from sequence 1")
        return SnapshotStart(False, "backup-unreadable")
    try:
        chain_subject = Subjects(identity.team_id.hex()).chain
        told = progress or _unwatched
        told(0, backup.up_to)
        transport = PackTransport(_batches(backup, chain_subject, told), backup.up_to)
        problem, records = await apply_pack(replica, identity, transport)
    finally:
        with contextlib.suppress(Exception):
            await backup.close()
    seconds = time.perf_counter() - started
    if problem is not None:
        log.warning("backup not used (%s): replaying the log from sequence 1", problem)
        return SnapshotStart(False, problem, seconds=seconds)
    log.info("started from a backup up to stream seq %d in %.1f s", backup.up_to, seconds)
    return SnapshotStart(True, None, records, backup.up_to, seconds)


async def _batches(
    backup: BackupFile, chain_subject: str, progress: RestoreProgress
) -> AsyncIterator[list[LogRecord]]:
    after = 0
    while page := await backup.page(after, chain_subject, _PAGE):
        yield [LogRecord(seq, subject, data) for seq, subject, data in page]
        after = page[-1][0]
        progress(after, backup.up_to)


def _unwatched(done: int, total: int) -> None:
    """Progress nobody shows (the demo, tests)."""
