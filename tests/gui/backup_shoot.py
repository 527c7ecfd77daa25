"""Screenshots of backing up and restoring: `python -m tests.gui.backup_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots the Back up dialog filled
in and refusing a folder, the audit trail listing the team's lists and settings, the join page
with a backup chosen, the restore dialog refusing a wrong passphrase, and the first-sync page
saying a backup of another team was not used.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.domain.model import HubIntegrity
from app.services.backup import back_up
from app.ui.audit_window import AuditWindow
from app.ui.backup_dialog import BackupDialog
from app.ui.messages import MessageChannel
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.theme import apply_theme
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until
from tests.unit.services.audit_world import World, build
from tests.unit.ui.team_helpers import team_world
from tests.unit.ui.test_team_first_run import admin_invite, fill_join

PASSPHRASE = "correct horse battery staple"


async def _shoot(out: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    app.setQuitOnLastWindowClosed(False)  # closing one shot must not end the run
    tmp = Path(tempfile.mkdtemp())
    world = await build(tmp, ("Maria Schulz", "Jonas Becker"), team_acts=True)
    try:
        await _backup_dialog(world, tmp, out)
        await _trail(world, out)
        path = tmp / "anna.sbbackup"
        await back_up(world.replica, path, PASSPHRASE)
    finally:
        await world.replica.close()
    await _join(path, out)
    print(out)


async def _backup_dialog(world: World, tmp: Path, out: Path) -> None:
    holder = QWidget()
    dialog = BackupDialog(world.trail("Ben"), MessageChannel(holder), holder)
    dialog.path.setText(str(tmp / "switchboard-backup-2026-12-06.sbbackup"))
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE)
    dialog.show()
    await asyncio.sleep(0.4)
    assert dialog.grab().save(str(out / "backup_dialog.png"))
    blocker = tmp / "read-only"
    blocker.write_text("", encoding="utf-8")
    dialog.path.setText(str(blocker / "backup.sbbackup"))
    dialog.back_up()
    await until(lambda: bool(dialog.problem.text()))
    await asyncio.sleep(0.3)
    assert dialog.grab().save(str(out / "backup_dialog_refused.png"))
    dialog.close()
    holder.deleteLater()


async def _trail(world: World, out: Path) -> None:
    window = AuditWindow(world.trail("Anna"), MessageChannel(), HubIntegrity())
    window.resize(1000, 600)
    window.show()
    await until(lambda: window.model.rowCount() > 10, timeout=10)
    window.check_button.click()
    await until(lambda: window.model.verdict(0).value == "verified", timeout=10)
    await asyncio.sleep(0.3)
    assert window.grab().save(str(out / "audit_trail_team_actions.png"))
    window.close()


async def _join(path: Path, out: Path) -> None:
    world = team_world()
    world.backup_of_another_team = True
    admin, invite = await admin_invite(world)
    window = FirstRunWindow(world.setup())
    window.resize(640, 560)
    window.show()
    fill_join(window, invite.code.lower())
    window.join_page.backup_button.click()
    await until(lambda: window.restore_dialog is not None)
    dialog = window.restore_dialog
    assert dialog is not None
    dialog.path.setText(str(path))
    dialog.passphrase.setText("not the passphrase")
    dialog.use()
    await until(lambda: bool(dialog.problem.text()))
    await asyncio.sleep(0.3)
    assert dialog.grab().save(str(out / "restore_dialog_wrong_passphrase.png"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.use()
    await until(lambda: window.restore_dialog is None)
    await asyncio.sleep(0.3)
    assert window.grab().save(str(out / "join_with_backup.png"))
    window.join_page.primary.click()
    pending = await admin.next_join_request(invite)
    await until(lambda: window.pages.currentWidget() is window.sas)
    window.sas.panel.match_button.click()
    await until(lambda: not window.sas.panel.match_button.isEnabled())
    await asyncio.sleep(0.3)
    assert window.grab().save(str(out / "join_waiting_with_backup.png"))
    world.latency = 1.0  # the restore's page stays long enough to shoot
    await admin.confirm_join(pending)
    await until(
        lambda: window.work.title.isVisible() and window.pages.currentWidget() is window.work
    )
    await asyncio.sleep(0.3)
    assert window.grab().save(str(out / "join_restoring.png"))
    world.latency = 0.0
    await until(lambda: window.work.error.isVisible())
    await until(lambda: window.work.sync.label.text() != "")
    await asyncio.sleep(0.5)
    assert window.grab().save(str(out / "join_backup_not_used.png"))
    window.close()


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
