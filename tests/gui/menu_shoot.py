"""Screenshots of menu routing: `python -m tests.gui.menu_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots the admin's menu editor
filled in (three options, each with a label, and the preview), and a thread where the gateway's
menu shows as automatic, the customer's pick below it and the conversation labelled.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.business_hours import AUTOMATIC_SYSTEM
from app.domain.content import InteractiveReply, ReplyType, Text
from app.domain.menu import Menu, MenuOption, menu_text, route_id
from app.ui.app import create_desk_window
from app.ui.team.menu_panel import MenuPanel
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import team_world

OPTIONS = (
    ("Where is my order?", "Orders", "Delivery dates and tracking"),
    ("Send something back", "Returns", "Within 30 days of delivery"),
    ("Invoices and payment", "Billing", ""),
)


async def _shoot(out: Path) -> None:
    scene = build_scene(int(time.time()))
    anna = scene.anna
    labels = {name: anna.team.lists.define(name, colour) for name, colour in _COLOURS}
    menu = Menu(
        True,
        "Hello from Nordlicht Furniture! What can we help you with?",
        "Choose a topic",
        tuple(MenuOption(title, labels[label], text) for title, label, text in OPTIONS),
        footer="An agent takes over right after your choice.",
    )
    world = team_world()
    world.menu = menu
    panel = MenuPanel(world.admin("Anna Schmidt"), anna.labels)
    panel.resize(900, 620)
    panel.show()
    await until(lambda: panel.loaded > 0)
    await asyncio.sleep(0.4)
    assert panel.grab().save(str(out / "menu_editor.png"))
    panel.close()

    now = int(time.time())
    cid = anna.team.customer_sends("Jonas Weber", Text("Hi, I need help"), at=now - 120)
    anna.team.system_sent(cid, AUTOMATIC_SYSTEM, Text(menu_text(menu)), at=now - 119)
    title = OPTIONS[1][0]
    pick = InteractiveReply(ReplyType.LIST, route_id(labels["Returns"]), title, OPTIONS[1][2])
    anna.team.customer_sends("Jonas Weber", pick, at=now - 60)
    anna.team.lists.marks[cid] = {labels["Returns"]}
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    await asyncio.sleep(0.8)
    assert window.grab().save(str(out / "thread_with_menu_pick.png"))
    window.close()
    QApplication.processEvents()
    print(out)


_COLOURS = (("Orders", 0x3A7BD5), ("Returns", 0xE8833A), ("Billing", 0x2DA44E))


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
