"""Screenshots of a newer version announced: `python -m tests.gui.releases_shoot DIR`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots Ben's desk with the
status-bar line (with a download link), the About dialog naming the newer version, and the
admin's Announce dialog (filled in, and refusing a plain http link). `--lang de` shoots it in
German.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.releases import Release
from app.ui.app import create_desk_window
from app.ui.releases.announce_dialog import AnnounceVersionDialog
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until

LINK = "https://downloads.example.com/switchboard/0.2.0"


async def _shoot(out: Path) -> None:
    scene = build_scene(int(time.time()))
    anna, ben, team = scene.anna, scene.ben, scene.anna.team
    team.lists.admins.add(anna.me)
    window = create_desk_window(ben, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    anna.releases.publish(Release("0.2.0", LINK, "Labels, canned replies and faster search"))
    await until(window.update_notice.isVisible)
    await asyncio.sleep(0.5)
    assert window.grab().save(str(out / "desk_with_update_line.png"))
    about = window.show_about()
    await asyncio.sleep(0.4)
    assert about.grab().save(str(out / "about_with_update.png"))
    about.close()
    admin = create_desk_window(anna, business_name="Nordlicht Furniture")
    admin.show()
    dialog = admin.announce_version()
    assert isinstance(dialog, AnnounceVersionDialog)
    dialog.version.setText("0.3.0")
    dialog.url.setText("http://downloads.example.com/switchboard/0.3.0")
    dialog.note.setText("Reports by label")
    dialog.announce()
    await asyncio.sleep(0.4)
    assert dialog.grab().save(str(out / "announce_dialog_refusing_http.png"))
    dialog.close()
    admin.close()
    window.close()
    QApplication.processEvents()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
