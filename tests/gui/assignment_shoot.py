"""Screenshots of auto-assignment: `python -m tests.gui.assignment_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots the admin's settings
dialog (on, limits and labels, Ben away), the desk with Ben's Away switch on, and a thread
where the conversation was assigned automatically.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.assignment import AgentRule, AssignmentSettings
from app.domain.content import Text
from app.domain.handling import HandoverAction
from app.domain.labels import PALETTE
from app.ui.app import create_desk_window
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until


async def _shoot(out: Path) -> None:
    scene = build_scene(int(time.time()))
    anna, ben = scene.anna, scene.ben
    lists = anna.team.lists
    lists.admins.add(anna.me)
    billing = lists.define("Billing", PALETTE[0])
    lists.define("Orders", PALETTE[5])
    await anna.assignment.save_settings(
        AssignmentSettings(True, 5, (AgentRule(ben.me, 3, (billing,)),), 60)
    )
    await ben.assignment.set_away(True)
    now = int(time.time())
    cid = anna.team.customer_sends("Lea Fischer", Text("Where is my parcel?"), at=now - 50)
    await ben.hand_over(cid, HandoverAction.AUTO_ASSIGN, anna.me)

    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    dialog = window.show_assignment()
    assert dialog is not None
    await until(dialog.save_button.isEnabled)
    dialog.resize(680, 420)
    await asyncio.sleep(0.5)
    assert dialog.grab().save(str(out / "assignment_settings.png"))
    dialog.close()
    await asyncio.sleep(0.5)
    assert window.grab().save(str(out / "thread_assigned_automatically.png"))
    window.close()

    bens = create_desk_window(ben, business_name="Nordlicht Furniture")
    bens.resize(1200, 760)
    bens.show()
    await until(lambda: bens.away_switch.away)
    await asyncio.sleep(0.5)
    assert bens.grab().save(str(out / "desk_away.png"))
    bens.close()
    QApplication.processEvents()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
