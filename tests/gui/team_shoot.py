"""Screenshots of the team set-up windows: `python -m tests.gui.team_shoot OUT_DIR [--width W]
[--long]`.

Renders, over the fake team of `tests/helpers/fake_team.py`: the first-run choice, the create
and join forms, the passphrase dialog, an invite with its QR code, the SAS on both sides (one
real enrollment between an admin's invite dialog and a newcomer's first-run window), the first
sync, the team panel after the join and after a removal (with the confirmation), and the number
connection panel. `--long` installs a pseudo-translation with German-length words.

Run it under Xvfb to see what users see:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m tests.gui.team_shoot
/tmp/shots`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.model import Role
from app.ui.app import create_desk_window
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.invite_dialog import InviteDialog
from app.ui.team.number_panel import NumberPanel
from app.ui.team.passphrase_dialog import PassphraseDialog, PassphraseMode
from app.ui.team.team_panel import TeamPanel
from app.ui.theme import apply_theme
from tests.gui.scene import build_scene
from tests.helpers import long_words
from tests.helpers.fake_team import HUB, SETUP_CODE, FakeTeamWorld
from tests.helpers.wait import until

NOW = 1_773_331_200
"""2026-03-12 16:00 UTC, as in the other UI tests."""
MINUTE = 60


def _clock() -> float:
    return NOW


def team_world() -> FakeTeamWorld:
    """Anna (admin, two devices), Ben (member) and the gateway."""
    world = FakeTeamWorld(NOW)
    world.add_person("Anna Schmidt", Role.ADMIN, ("Office PC", "Laptop"), seen=NOW - 2 * MINUTE)
    world.add_person("Ben Okafor", Role.MEMBER, ("Front desk",), seen=NOW - 95 * MINUTE)
    world.add_gateway(seen=NOW - 40)
    return world


class Shooter:
    def __init__(self, out: Path, width: int) -> None:
        self.out = out
        self.width = width
        self.paths: list[Path] = []
        self.keep: list[QWidget] = []

    def place(self, widget: QWidget, height: int) -> None:
        widget.resize(self.width, height)
        widget.move(0, 0)
        widget.show()
        self.keep.append(widget)

    async def shot(self, widget: QWidget, name: str) -> Path:
        await asyncio.sleep(0.15)  # let layouts settle and the X server draw
        path = self.out / f"{name}.png"
        assert widget.grab().save(str(path)), path
        self.paths.append(path)
        return path

    def close_all(self) -> None:
        for widget in self.keep:
            widget.close()
            widget.deleteLater()
        self.keep.clear()


async def shoot_all(out: Path, width: int = 720, long: bool = False) -> list[Path]:
    """Render every scene into `out`; returns the PNG paths."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    translator = long_words.install() if long else None
    shooter = Shooter(out, width)
    try:
        await _first_run(shooter)
        await _enrollment(shooter)
        await _number(shooter)
        await _desk_syncing(shooter)
    finally:
        shooter.close_all()
        if translator is not None:
            long_words.remove(translator)
    return shooter.paths


async def _first_run(s: Shooter) -> None:
    world = FakeTeamWorld(NOW)
    window = FirstRunWindow(world.setup())
    s.place(window, 520)
    await s.shot(window, "01-first-run-choice")
    window.show_create()
    form = window.create_page
    form.business.setText("Nordlicht Furniture")
    form.owner.setText("Anna Schmidt")
    form.server.setChecked(True)
    form.address.setText(HUB)
    form.setup_code.set_code(SETUP_CODE)
    await s.shot(window, "02-create-team")
    dialog = PassphraseDialog(PassphraseMode.CREATE, parent=window)
    dialog.first.setText("correct horse")
    dialog.second.setText("correct horse")
    dialog.show()
    s.keep.append(dialog)
    await s.shot(dialog, "03-passphrase")
    dialog.close()
    window.show_join()
    join = window.join_page
    join.address.setText(HUB)
    join.code.setFocus()
    join.code.set_code("k7qp m2xa r")
    join.name.setText("Carla Jiménez")
    await s.shot(window, "04-join-typing")


async def _enrollment(s: Shooter) -> None:
    world = team_world()
    world.latency = 0.05
    dialog = InviteDialog(world.admin("Anna Schmidt"), _clock)
    s.place(dialog, 460)
    dialog.primary.click()
    await until(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=5)
    invite = dialog.invite
    assert invite is not None
    await s.shot(dialog, "05-invite-code")
    joiner = FirstRunWindow(world.setup())
    s.place(joiner, 520)
    joiner.move(0, 300)
    joiner.show_join()
    joiner.join_page.address.setText(HUB)
    joiner.join_page.code.set_code(invite.code.lower())
    joiner.join_page.name.setText("Carla Jiménez")
    joiner.join_page.primary.click()
    await until(lambda: joiner.pages.currentWidget() is joiner.sas, timeout=5)
    await until(lambda: dialog.pages.currentWidget() is dialog.sas_panel, timeout=5)
    await s.shot(dialog, "06-sas-admin")
    await s.shot(joiner, "07-sas-newcomer")
    await s.shot(joiner.sas.panel.faces, "07b-sas-emoji-row")
    joiner.sas.panel.toggle.click()
    await s.shot(joiner, "08-sas-newcomer-digits")
    world.latency = 0.4
    joiner.sas.panel.match_button.click()
    dialog.sas_panel.match_button.click()
    await until(lambda: "34" in joiner.work.sync.label.text(), timeout=10)
    await s.shot(joiner, "09-first-sync")
    await until(lambda: dialog.pages.currentWidget() is dialog.done_page, timeout=10)
    await s.shot(dialog, "10-invite-done")
    world.latency = 0.0
    dialog.close()
    await _team_panel(s, world)


async def _team_panel(s: Shooter, world: FakeTeamWorld) -> None:
    panel = TeamPanel(world.admin("Anna Schmidt"), _clock)
    s.place(panel, 440)
    await until(lambda: panel.tree.topLevelItemCount() == 4, timeout=5)
    await s.shot(panel, "11-team-after-join")
    ben = panel.tree.topLevelItem(1)
    assert ben is not None
    panel.tree.setCurrentItem(ben)
    panel.remove_person_button.click()
    box = await _message_box(panel)
    await s.shot(box, "12-confirm-remove-person")
    buttons = [
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole
    ]
    buttons[0].click()
    await until(lambda: panel.tree.topLevelItemCount() == 3, timeout=5)
    await s.shot(panel, "13-team-after-removal")
    member = TeamPanel(world.admin("Carla Jiménez"), _clock)
    s.place(member, 400)
    await until(lambda: member.tree.topLevelItemCount() == 3, timeout=5)
    await s.shot(member, "14-team-as-member")


async def _message_box(parent: QWidget) -> QMessageBox:
    boxes: list[QMessageBox] = []

    def found() -> bool:
        boxes[:] = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
        return bool(boxes)

    await until(found, timeout=5)
    return boxes[0]


async def _number(s: Shooter) -> None:
    world = team_world()
    panel = NumberPanel(world.admin("Anna Schmidt"), _clock)
    s.place(panel, 720)
    await until(lambda: panel.settings.isVisible(), timeout=5)
    form = panel.settings
    form.phone_number_id.setText("106540352242922")
    form.account_id.setText("102290129340398")
    form.access_token.setText("EAAG-example-token")
    form.app_secret.setText("4f3c2b1a")
    await s.shot(panel, "15-number-settings")
    form.connect_button.click()
    await until(lambda: panel.status.details.isVisible(), timeout=5)
    world.meta_calls_webhook(succeeded=True)
    await until(lambda: "✓" in panel.status.handshake.text(), timeout=5)
    await s.shot(panel, "16-number-connected")


async def _desk_syncing(s: Shooter) -> None:
    """A new desk of a long-lived team: open at once, syncing in the background."""
    scene = build_scene(NOW)
    scene.team.set_sync_progress(34_000, 100_000)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture", clock=_clock)
    s.place(window, 600)
    window.resize(max(s.width, 900), 600)
    await until(lambda: window.queue.current_model.rowCount() > 0, timeout=5)
    await s.shot(window, "17-desk-syncing")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=720)
    parser.add_argument("--long", action="store_true", help="German-length pseudo-translation")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        paths = loop.run_until_complete(shoot_all(args.out, args.width, args.long))
    finally:
        loop.close()
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
