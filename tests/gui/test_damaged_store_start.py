"""Issue 9, fault 5, at start: a damaged local store is put to the user, never replaced
quietly. Real launcher, real hub on loopback, the product's dialog and first-run window."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.desk.launcher import DeskLauncher
from app.services.team_api import HubOnServer
from app.store.damage_mark import mark_damaged
from app.system.keychain import MemorySecretStore
from app.ui.desk_start import open_or_recover
from app.ui.team.damaged_store_dialog import DamageChoice, DamagedStoreDialog
from app.ui.team.first_run_window import FirstRunWindow
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import local_launcher
from tests.helpers.wait import until

pytestmark = pytest.mark.slow


def _shown(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def _founded(root: Path, keys: MemorySecretStore, url: str, code: str) -> Path:
    anna = local_launcher(root, keys)
    await anna.probe()
    await anna.create_team("Nordlicht", "Anna", HubOnServer(url, code))
    await anna.close()
    return anna.profile.replica


async def _asked(
    qtbot: QtBot, root: Path, keys: MemorySecretStore
) -> tuple[
    DeskLauncher, asyncio.Task[list], DamagedStoreDialog  # type: ignore[type-arg]
]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # as the app: closing the dialog must not stop the loop
    again = local_launcher(root, keys)
    await again.probe()
    opening = asyncio.ensure_future(open_or_recover(again))
    await until(lambda: _shown(DamagedStoreDialog) or opening.done(), timeout=20)
    assert not opening.done(), opening.result()
    return again, opening, _shown(DamagedStoreDialog)[0]


@pytest.mark.asyncio
async def test_a_store_that_failed_its_check_is_kept_aside_and_synced_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    keys = MemorySecretStore()
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        replica = await _founded(tmp_path / "anna", keys, hub.url, hub.setup_code)
        mark_damaged(replica, "*** in database main *** Page 7: btreeInitPage() returns error")

        again, opening, dialog = await _asked(qtbot, tmp_path / "anna", keys)
        try:
            assert dialog.choice_button(DamageChoice.OPEN_ANYWAY) is not None
            fresh = dialog.choice_button(DamageChoice.FRESH_COPY)
            assert fresh is not None
            assert fresh.isDefault()
            fresh.click()
            async with asyncio.timeout(30):
                opened = await opening
            assert [o.business_name for o in opened] == ["Nordlicht"]
            assert len(list(replica.parent.glob("replica-damaged-*.db"))) == 1
            assert replica.exists()
        finally:
            await again.close()


@pytest.mark.asyncio
async def test_an_emptied_store_is_kept_aside_and_the_first_run_window_joins_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    keys = MemorySecretStore()
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        replica = await _founded(tmp_path / "anna", keys, hub.url, hub.setup_code)
        replica.write_bytes(b"")

        again, opening, dialog = await _asked(qtbot, tmp_path / "anna", keys)
        try:
            assert dialog.choice_button(DamageChoice.OPEN_ANYWAY) is None  # nothing to open
            quit_button = dialog.choice_button(DamageChoice.QUIT)
            assert quit_button is not None
            fresh = dialog.choice_button(DamageChoice.FRESH_COPY)
            assert fresh is not None
            fresh.click()
            await until(lambda: _shown(FirstRunWindow), timeout=20)
            assert not again.enrolled
            assert [p.stat().st_size for p in replica.parent.glob("replica-damaged-*.db")] == [0]
            _shown(FirstRunWindow)[0].close()  # the user leaves instead of joining
            async with asyncio.timeout(10):
                assert await opening == []
        finally:
            await again.close()


@pytest.mark.asyncio
async def test_a_store_damaged_where_opening_reads_is_put_to_the_user_and_left_as_it_is(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Pages that do not decrypt when the desk opens: the same question, not a dead end that
    reads like a full disk (it was "The local message store cannot be read or written")."""
    keys = MemorySecretStore()
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        replica = await _founded(tmp_path / "anna", keys, hub.url, hub.setup_code)
        data = bytearray(replica.read_bytes())
        for i in range(2 * 4096 + 100, 2 * 4096 + 110):  # inside the third page
            data[i] ^= 0xFF
        replica.write_bytes(bytes(data))

        again, opening, dialog = await _asked(qtbot, tmp_path / "anna", keys)
        try:
            assert "damaged" in dialog.text()
            assert dialog.choice_button(DamageChoice.OPEN_ANYWAY) is None  # it does not open
            quit_button = dialog.choice_button(DamageChoice.QUIT)
            assert quit_button is not None
            quit_button.click()
            async with asyncio.timeout(10):
                assert await opening == []
            assert replica.read_bytes() == bytes(data)
        finally:
            await again.close()
