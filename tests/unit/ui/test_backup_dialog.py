"""Desk → Back up…: a file and a passphrase twice over a real replica; a refusal is one
sentence and the dialog stays for another try; a written backup is recorded and opens."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.export import ExportScope
from app.store.backup import BackupFile
from app.ui.backup_dialog import BackupDialog
from app.ui.messages import Level, MessageChannel
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until
from tests.unit.services.audit_world import World, build
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_window

PASSPHRASE = "correct horse battery staple"


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    built = await build(tmp_path)
    try:
        yield built
    finally:
        await built.replica.close()
        gc.collect()  # the dialog's coroutines, collected on the UI thread (test_audit_window)


_HOLDERS: list[QWidget] = []
"""The dialogs' parents, alive until the test ends (qtbot closes them)."""


def _dialog(qtbot: QtBot, world: World) -> tuple[BackupDialog, list[tuple[Level, str]]]:
    holder = QWidget()
    _HOLDERS[:] = [holder]
    qtbot.addWidget(holder)
    messages = MessageChannel(holder)
    told: list[tuple[Level, str]] = []
    messages.attach(lambda level, text: told.append((level, text)))
    dialog = BackupDialog(world.trail("Ben"), messages, holder)
    dialog.show()
    return dialog, told


@pytest.mark.asyncio
async def test_a_member_backs_up_her_desk(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    dialog, told = _dialog(qtbot, world)
    dialog.path.setText(str(tmp_path / "ben"))
    dialog.first.setText("short")
    assert dialog.hint.text() == "At least 12 characters."
    assert not dialog.back_up_button.isEnabled()
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE[:-1])
    assert dialog.hint.text() == "The two passphrases differ."
    assert not dialog.back_up_button.isEnabled()
    dialog.second.setText(PASSPHRASE)
    assert dialog.hint.text() == "Strong."
    dialog.back_up_button.click()
    assert dialog.busy.isVisible()
    assert not dialog.buttons.isEnabled()  # the copy runs to its end once recorded
    await until(lambda: not dialog.isVisible())
    assert told == [(Level.INFO, "Backup written to ben.sbbackup (conversations: 1).")]
    assert [e.scope for e in world.exports] == [ExportScope.BACKUP]
    opened = await BackupFile.open(tmp_path / "ben.sbbackup", PASSPHRASE)
    await opened.close()


@pytest.mark.asyncio
async def test_typing_a_path_through_a_bare_folder_is_no_target_yet(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    dialog, _told = _dialog(qtbot, world)
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE)
    for typed in ("/", ".", "..", "~/.."):
        dialog.path.setText(typed)  # each keystroke is checked: this used to raise
        assert dialog.target() is None
        assert not dialog.back_up_button.isEnabled()
    dialog.path.setText("/tmp/carla")
    assert dialog.target() == Path("/tmp/carla.sbbackup")
    assert dialog.back_up_button.isEnabled()


@pytest.mark.asyncio
async def test_a_folder_that_cannot_take_it_is_one_sentence_and_the_dialog_stays(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    dialog, told = _dialog(qtbot, world)
    dialog.path.setText(str(blocker / "ben.sbbackup"))
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE)
    dialog.back_up()
    await until(lambda: bool(dialog.problem.text()))
    assert dialog.problem.text() == (
        "This folder cannot take the backup (it is read-only or missing). Choose another."
    )
    assert dialog.isVisible()
    assert dialog.back_up_button.isEnabled()
    assert not dialog.busy.isVisible()
    assert told == []
    assert world.exports == []
    dialog.path.setText(str(tmp_path / "ben.sbbackup"))  # another place: it works
    assert dialog.problem.text() == ""
    dialog.back_up()
    await until(lambda: not dialog.isVisible())
    assert [e.scope for e in world.exports] == [ExportScope.BACKUP]


@pytest.mark.asyncio
async def test_the_backup_dialog_speaks_german(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with german(tmp_path / "cache"):
        dialog, _told = _dialog(qtbot, world)
        dialog.first.setText("short")
        left = english_left([dialog], Catalog.load())
        assert not left, left
        dialog.path.setText(str(blocker / "ben.sbbackup"))
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog.back_up()
        await until(lambda: bool(dialog.problem.text()))
        left = english_left([dialog], Catalog.load())
        assert not left, left
        # The long German sentence made room instead of squeezing the explanation above it.
        assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())


@pytest.mark.asyncio
async def test_the_desk_menu_offers_the_backup_to_a_member(qtbot: QtBot, world: World) -> None:
    team = FakeTeam(now=NOW)
    ben = team.desk("Ben")
    ben.audit_trail = world.trail("Ben")
    window = await open_window(qtbot, ben)
    dialog = window.back_up()
    assert isinstance(dialog, BackupDialog)
    assert dialog.isVisible()
    dialog.reject()


async def _asked(dialog: BackupDialog) -> QMessageBox:
    await until(lambda: dialog.replace_question is not None and dialog.replace_question.isVisible())
    box = dialog.replace_question
    assert box is not None
    return box


@pytest.mark.asyncio
async def test_a_typed_name_of_a_file_already_there_is_replaced_only_when_agreed(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """Only the file chooser asked before; a name typed in replaced the file silently."""
    path = tmp_path / "ben.sbbackup"
    path.write_text("Ben's own file", encoding="utf-8")
    dialog, told = _dialog(qtbot, world)
    dialog.path.setText(str(path))
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE)
    dialog.back_up()
    box = await _asked(dialog)
    assert (
        box.text() == "A file named “ben.sbbackup” is there already. Replace it with this backup?"
    )
    assert not dialog.busy.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: dialog.back_up_button.isEnabled())
    assert dialog.isVisible()
    assert path.read_text(encoding="utf-8") == "Ben's own file"
    assert world.exports == []
    dialog.back_up()  # again, and this time replace it
    box = await _asked(dialog)
    [replace] = [b for b in box.buttons() if b.text() == "&Replace"]
    replace.click()
    await until(lambda: not dialog.isVisible())
    assert told == [(Level.INFO, "Backup written to ben.sbbackup (conversations: 1).")]
    opened = await BackupFile.open(path, PASSPHRASE)
    await opened.close()


@pytest.mark.asyncio
async def test_the_replace_question_speaks_german(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "ben.sbbackup"
    path.write_text("Ben's own file", encoding="utf-8")
    with german(tmp_path / "cache"):
        dialog, _told = _dialog(qtbot, world)
        dialog.path.setText(str(path))
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog.back_up()
        box = await _asked(dialog)
        left = english_left([box], Catalog.load())
        assert not left, left
        assert box.text() == (
            "Eine Datei namens „ben.sbbackup“ ist dort schon vorhanden. Durch diese Sicherung"
            " ersetzen?"
        )
        box.button(QMessageBox.StandardButton.Cancel).click()
        await until(lambda: dialog.back_up_button.isEnabled())
