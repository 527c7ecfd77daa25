"""Join a team → Start from a backup…: a real backup file checked with its passphrase before the
join (a wrong one is one sentence and another try), the join carrying it, and a backup that
fails the team's check after the join said in one sentence while the desk syncs from the hub."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pytestqt.qtbot import QtBot

from app.services.backup import BackupChoice, back_up
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.restore_dialog import RestoreDialog
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until
from tests.unit.services.audit_world import build
from tests.unit.ui.team_helpers import team_world
from tests.unit.ui.test_team_first_run import admin_invite, fill_join, window_for

PASSPHRASE = "correct horse battery staple"


@pytest_asyncio.fixture
async def backup_file(tmp_path: Path) -> AsyncIterator[Path]:
    """A real backup of a real replica."""
    world = await build(tmp_path)
    path = tmp_path / "anna.sbbackup"
    try:
        await back_up(world.replica, path, PASSPHRASE)
    finally:
        await world.replica.close()
    yield path
    # The windows' coroutines hold them in reference cycles; collect them here, on the UI
    # thread, before a later test's worker thread allocates and frees them off it.
    gc.collect()


async def _restore_dialog(window: FirstRunWindow) -> RestoreDialog:
    window.join_page.backup_button.click()
    await until(lambda: window.restore_dialog is not None)
    dialog = window.restore_dialog
    assert dialog is not None
    return dialog


async def _choose(window: FirstRunWindow, path: Path) -> None:
    dialog = await _restore_dialog(window)
    dialog.path.setText(str(path))
    dialog.passphrase.setText("not the passphrase")
    dialog.use_button.click()
    await until(lambda: bool(dialog.problem.text()))
    assert dialog.problem.text() == (
        "This file is not a Switchboard backup, or the passphrase is not the one it was made with."
    )
    assert dialog.isVisible()
    assert window.join_page.backup is None
    dialog.passphrase.setText(PASSPHRASE)  # another try
    dialog.use_button.click()
    await until(lambda: window.restore_dialog is None)


async def _join(window: FirstRunWindow, world: FakeTeamWorld, code: str) -> None:
    admin, invite = await admin_invite(world)
    fill_join(window, invite.code.lower())
    ready: list[bool] = []
    window.team_ready.connect(lambda: ready.append(True))
    await _choose(window, Path(code))
    window.join_page.primary.click()
    pending = await admin.next_join_request(invite)
    panel = window.sas.panel
    await until(lambda: window.pages.currentWidget() is window.sas)
    panel.match_button.click()
    await until(lambda: not panel.match_button.isEnabled())
    assert panel.status.text() == (
        "Waiting for the administrator to confirm… Then this desk starts from your backup,"
        " checking every record."
    )
    world.latency = 0.2  # time enough to see the restore's page
    await admin.confirm_join(pending)
    await until(lambda: window.work.title.text() == "Starting from your backup")
    assert window.pages.currentWidget() is window.work
    await until(lambda: window.work.sync.label.text() == "Syncing 600 of 1,200")
    world.latency = 0.0
    await until(lambda: ready)


@pytest.mark.asyncio
async def test_a_new_device_joins_from_a_backup_after_a_wrong_passphrase(
    qtbot: QtBot, backup_file: Path
) -> None:
    world = team_world()
    window = window_for(qtbot, world)
    await _join(window, world, str(backup_file))
    assert world.backup == BackupChoice(backup_file, PASSPHRASE)
    assert window.join_page.backup_line.text() == (
        "Starts from the backup anna.sbbackup, then fetches what is newer."
    )
    assert not window.work.error.isVisible()


@pytest.mark.asyncio
async def test_a_backup_of_another_team_is_said_and_the_desk_syncs_anyway(
    qtbot: QtBot, backup_file: Path
) -> None:
    world = team_world()
    world.backup_of_another_team = True
    window = window_for(qtbot, world)
    await _join(window, world, str(backup_file))
    assert window.work.error.text() == (
        "The backup is not this team's, or it was changed, so it was not used. This desk"
        " fetches the team's conversations from the hub instead; nothing is lost."
    )
    assert window.work.sync.label.text() == "Up to date"


@pytest.mark.asyncio
async def test_joining_without_the_backup_after_all(qtbot: QtBot, backup_file: Path) -> None:
    world = team_world()
    window = window_for(qtbot, world)
    window.choice.join_button.click()
    await _choose(window, backup_file)
    assert window.join_page.no_backup_button.isVisible()
    window.join_page.no_backup_button.click()
    assert window.join_page.backup is None
    assert not window.join_page.no_backup_button.isVisible()


@pytest.mark.asyncio
async def test_the_restore_dialog_speaks_german(
    qtbot: QtBot, backup_file: Path, tmp_path: Path
) -> None:
    with german(tmp_path / "cache"):
        window = window_for(qtbot, team_world())
        window.choice.join_button.click()
        dialog = await _restore_dialog(window)
        dialog.path.setText(str(backup_file))
        left = english_left([dialog, window.join_page], Catalog.load())
        assert not left, left
        dialog.reject()
