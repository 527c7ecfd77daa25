"""Screenshots of costs (issue 10, item 6): `python -m tests.gui.costs_shoot OUT_DIR [--lang de]`.

Two pictures: a desk with a conversation open and its customer panel counting what Meta
charged (a marketing template, a utility template, free replies in the service window), and the
costs report (Desk > Costs…) over a few days of the whole team. Run under Xvfb with the xcb
platform: `xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
    python -m tests.gui.costs_shoot /tmp/shots/costs`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QDate

from app.domain.ids import ConversationId
from app.domain.pricing import Pricing, PricingType
from app.ui.app import create_desk_window
from tests.gui.scene import Scene, build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until

DAY = 86_400
MARKETING = Pricing("marketing", PricingType.REGULAR, billable=True)
UTILITY = Pricing("utility", PricingType.REGULAR, billable=True)
FREE = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, billable=False)


def _priced_history(scene: Scene, now: int) -> ConversationId:
    """Sofia's thread: an offer and an order update (charged), then free answers."""
    team, anna, ben = scene.team, scene.anna, scene.ben
    cid = scene.showcase
    for author, text, pricing, at in (
        (anna.me, "Our winter sale starts Monday: 20% off all desks.", MARKETING, now - 4 * DAY),
        (ben.me, "Your order SO-5521 has shipped.", UTILITY, now - 2 * DAY),
        (anna.me, "It should arrive on Friday.", FREE, now - DAY),
        (anna.me, "Happy to help!", FREE, now - 600),
    ):
        team.priced(team.agent_sent(cid, author, text, at=at), pricing, at=at)
    for days in (3, 2, 1):  # other customers, for the report
        other = team.customer_writes(f"Customer {days}", "Hello", at=now - days * DAY)
        sent = team.agent_sent(other, ben.me, "Hello! How can we help?", at=now - days * DAY)
        team.priced(sent, FREE, at=now - days * DAY + 60)
    return cid


async def _shoot(out: Path) -> None:
    now = int(time.time())
    scene = build_scene(now)
    cid = _priced_history(scene, now)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    window.open_conversation(cid)
    panel = window.conversation.panel
    if not panel.isVisible():
        window.conversation.panel_toggle.action.trigger()
    await until(lambda: panel.isVisible() and panel.profile is not None)
    await asyncio.sleep(0.6)
    _save(window.grab(), out / "panel.png")
    dialog = window.show_costs()
    dialog.since.setDate(QDate.currentDate().addDays(-7))
    await until(lambda: dialog.table.rowCount() >= 5)
    await asyncio.sleep(0.4)
    _save(dialog.grab(), out / "report.png")
    dialog.close()
    window.close()


def _save(pixmap: object, path: Path) -> None:
    assert pixmap.save(str(path)), path  # type: ignore[attr-defined]
    print(path)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
