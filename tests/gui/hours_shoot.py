"""Screenshots of business hours: `python -m tests.gui.hours_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots the admin's editor
filled in (Berlin, a short Saturday, two holidays, greeting and away texts) and a thread where
the gateway's away message shows as automatic.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication

from app.domain.business_hours import AUTOMATIC_SYSTEM
from app.domain.content import Text
from app.ui.app import create_desk_window
from app.ui.team.hours_panel import BusinessHoursPanel
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import team_world


async def _shoot(out: Path) -> None:
    world = team_world()
    panel = BusinessHoursPanel(world.admin("Anna Schmidt"))
    panel.resize(760, 680)
    panel.show()
    await until(lambda: panel.loaded > 0)
    panel.zone.setCurrentText("Europe/Berlin")
    panel.days[5].open.setChecked(True)
    panel.days[5].opens.setTime(QTime(10, 0))
    panel.days[5].closes.setTime(QTime(14, 0))
    for holiday in (date(2026, 12, 25), date(2026, 12, 26)):
        panel._list_holiday(holiday)
    panel.greeting_on.setChecked(True)
    panel.greeting.setPlainText("Hello and welcome to Nordlicht Furniture! An agent answers soon.")
    panel.away_on.setChecked(True)
    panel.away.setPlainText("We are closed right now. We answer from 9:00 on the next working day.")
    panel.save()
    await until(lambda: panel.saved == 1)
    await asyncio.sleep(0.4)
    assert panel.grab().save(str(out / "business_hours_editor.png"))
    panel.close()

    scene = build_scene(int(time.time()))
    anna = scene.anna
    now = int(time.time())
    cid = anna.team.customer_sends("Jonas Weber", Text("Is the oak table in stock?"), at=now - 90)
    anna.team.system_sent(cid, AUTOMATIC_SYSTEM, Text(panel.away.toPlainText()), at=now - 89)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    await asyncio.sleep(0.8)
    assert window.grab().save(str(out / "thread_with_automatic_away.png"))
    window.close()
    QApplication.processEvents()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
