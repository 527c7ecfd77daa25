"""An encrypted backup of Anna's replica starts Ben's new device in the same state, every
record checked again by Ben's own reader; a wrong passphrase or an altered backup is refused."""

from __future__ import annotations

import asyncio
import stat
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlcipher3 import dbapi2 as sqlcipher

from app.domain.audit import NEWEST, AuditFilter
from app.domain.export import ExportFormat, ExportScope
from app.log.events import Exported
from app.services.backup import (
    BackupChoice,
    BackupFileExists,
    BackupFolderUnwritable,
    BackupNotRecorded,
    BackupPassphraseTooShort,
    DeskBackup,
    back_up,
    check_backup,
    start_from_backup,
)
from app.services.export import ExportNotRecorded
from app.store import backup as store_backup
from app.store.replica import Replica
from tests.helpers.wait import until
from tests.unit.services.audit_world import KEY, World, build
from tests.unit.store.builders import raw

PASSPHRASE = "correct horse battery staple"


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    built = await build(tmp_path, ("Maria", "Jonas"))
    try:
        yield built
    finally:
        await built.replica.close()


@pytest_asyncio.fixture
async def fresh(tmp_path: Path) -> AsyncIterator[Replica]:
    """Ben's new device: a new replica, nothing of the log yet."""
    opened = await Replica.open(tmp_path / "ben-new.db", bytes(reversed(KEY)))
    try:
        yield opened
    finally:
        await opened.close()


async def _state(replica: Replica) -> tuple[object, ...]:
    trail = await replica.audit_page(AuditFilter(), NEWEST, 100)
    rows = await raw(
        replica,
        "SELECT conversation_id, assignee, state, message_count FROM conversations ORDER BY 1",
    )
    return (await replica.cursor(), trail, rows)


@pytest.mark.asyncio
async def test_a_backup_restores_on_a_new_device_to_the_same_state(
    world: World, fresh: Replica, tmp_path: Path
) -> None:
    path = tmp_path / "anna.sbbackup"
    await back_up(world.replica, path, PASSPHRASE)
    assert b"Where is my order" not in path.read_bytes()  # encrypted
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # and only its owner may read it
    started = await start_from_backup(fresh, world.team.desks["Ben"], path, PASSPHRASE)
    assert started.used, started.reason
    assert started.up_to == await world.replica.cursor()
    assert await _state(fresh) == await _state(world.replica)
    assert await fresh.load_identity() is None  # Anna's keys never travel in a backup


@pytest.mark.asyncio
async def test_a_wrong_passphrase_and_a_short_one_are_refused(
    world: World, fresh: Replica, tmp_path: Path
) -> None:
    path = tmp_path / "anna.sbbackup"
    with pytest.raises(BackupPassphraseTooShort):
        await back_up(world.replica, path, "short")
    assert not path.exists()
    await back_up(world.replica, path, PASSPHRASE)
    started = await start_from_backup(fresh, world.team.desks["Ben"], path, "not the passphrase")
    assert (started.used, started.reason) == (False, "backup-unreadable")
    assert await fresh.cursor() == 0


@pytest.mark.asyncio
async def test_an_altered_backup_is_not_used(world: World, fresh: Replica, tmp_path: Path) -> None:
    """Someone with the passphrase swaps a record in the backup: Ben's reader refuses it."""
    async with world.replica._db.write() as tx:  # tests may look behind the API
        await tx.execute(
            "UPDATE events SET envelope = (SELECT envelope FROM events ORDER BY stream_seq "
            "DESC LIMIT 1) WHERE stream_seq = (SELECT min(stream_seq) FROM events "
            "WHERE subject LIKE '%.ev.%')"
        )
    path = tmp_path / "anna.sbbackup"
    await back_up(world.replica, path, PASSPHRASE)
    started = await start_from_backup(fresh, world.team.desks["Ben"], path, PASSPHRASE)
    assert not started.used
    assert started.reason is not None


@pytest.mark.asyncio
async def test_a_desk_backup_is_recorded_before_it_is_written(
    world: World, fresh: Replica, tmp_path: Path
) -> None:
    """The record names the scope and counts, never the passphrase; the file opens."""
    path = tmp_path / "anna.sbbackup"
    result = await world.trail("Anna").back_up(path, PASSPHRASE)
    assert (result.conversations, result.messages) == (3, 6)
    [event] = world.exports
    assert (event.scope, event.file_format) == (ExportScope.BACKUP, ExportFormat.ENCRYPTED_REPLICA)
    assert (event.conversations, event.messages) == (3, 6)
    started = await start_from_backup(fresh, world.team.desks["Ben"], path, PASSPHRASE)
    assert started.used, started.reason


@pytest.mark.asyncio
async def test_a_backup_into_a_folder_that_cannot_take_it_is_neither_recorded_nor_written(
    world: World, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BackupFolderUnwritable):
        await world.trail("Anna").back_up(blocker / "anna.sbbackup", PASSPHRASE)
    with pytest.raises(BackupPassphraseTooShort):
        await world.trail("Anna").back_up(tmp_path / "anna.sbbackup", "short")
    assert world.exports == []
    assert not (tmp_path / "anna.sbbackup").exists()  # noqa: ASYNC240


@pytest.mark.asyncio
async def test_a_backup_the_hub_did_not_record_is_not_written(world: World, tmp_path: Path) -> None:
    async def unreachable(event: Exported) -> None:
        raise ExportNotRecorded("the hub did not take the export's record")

    path = tmp_path / "anna.sbbackup"
    with pytest.raises(BackupNotRecorded):
        await DeskBackup(world.replica, unreachable).write(path, PASSPHRASE)
    assert not path.exists()


@pytest.mark.asyncio
async def test_a_check_cancelled_while_the_backup_opens_closes_its_connection(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restore dialog closed mid-check: the worker thread still opens the backup, keyed
    with the passphrase, and that connection must not stay open for the rest of the run."""
    path = tmp_path / "anna.sbbackup"
    await back_up(world.replica, path, PASSPHRASE)
    attach = store_backup._attach
    waiting, release, opened = threading.Event(), threading.Event(), list[sqlcipher.Connection]()

    def attach_when_released(at: Path, passphrase: str) -> tuple[sqlcipher.Connection, int]:
        waiting.set()
        release.wait(timeout=10)
        conn, up_to = attach(at, passphrase)
        opened.append(conn)
        return conn, up_to

    monkeypatch.setattr(store_backup, "_attach", attach_when_released)
    check = asyncio.create_task(check_backup(BackupChoice(path, PASSPHRASE)))
    await until(waiting.is_set, timeout=5)  # the worker thread opens it when released
    check.cancel()
    with pytest.raises(asyncio.CancelledError):
        await check
    release.set()
    await until(lambda: bool(opened) and _closed(opened[0]), timeout=5)


def _closed(conn: sqlcipher.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlcipher.ProgrammingError:
        return True
    return False


@pytest.mark.asyncio
async def test_a_file_already_there_is_replaced_only_when_asked(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "anna.sbbackup"
    path.write_text("the person's own file", encoding="utf-8")  # noqa: ASYNC240
    with pytest.raises(BackupFileExists):
        await world.trail("Anna").back_up(path, PASSPHRASE)
    assert path.read_text(encoding="utf-8") == "the person's own file"  # noqa: ASYNC240
    assert world.exports == []  # nothing recorded either
    await world.trail("Anna").back_up(path, PASSPHRASE, replace=True)
    assert path.read_bytes() != b"the person's own file"  # noqa: ASYNC240
    assert len(world.exports) == 1
