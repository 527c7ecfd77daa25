"""Screenshots of customers' edits and deletions: `python -m tests.gui.edits_shoot DIR`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). Shoots a thread where the
customer edited one message and deleted another, the earlier-versions window open beside it,
and the admin's number panel telling of webhooks for another number. `--lang de` shoots it in
German.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import replace
from pathlib import Path

from app.domain.content import Text
from app.services.team_api import TeamChange
from app.ui.app import create_desk_window
from app.ui.team.number_panel import NumberPanel
from app.ui.widgets.versions_dialog import VersionsDialog
from tests.gui.shoot_cli import run_shoot
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world

MINUTE = 60


async def _thread(out: Path) -> None:
    now = int(time.time())
    team = FakeTeam(now=now)
    anna = team.desk("Anna Schmidt")
    cid = team.customer_sends("Lena Krüger", Text("Hi! Is my order shipped?"), at=now - 9 * MINUTE)
    team.assign(cid, anna.me)
    team.agent_sent(cid, anna.me, "Let me check — which order number?", at=now - 8 * MINUTE)
    team.customer_sends("Lena Krüger", Text("It's 4711, the oak table"), at=now - 7 * MINUTE)
    team.customer_sends("Lena Krüger", Text("and my card ends in 0042"), at=now - 6 * MINUTE)
    team.customer_sends("Lena Krüger", Text("Thanks!"), at=now - 5 * MINUTE)
    first, _, table, card, _ = (m.event_id for m in team.conversations[cid].messages)
    team.customer_edits(table, Text("It's 4712, the oak table (sorry!)"), now - 6 * MINUTE)
    team.customer_edits(first, Text("Hi! Has my order shipped yet?"), now - 8 * MINUTE)
    team.customer_deletes(card)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1100, 640)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and pane.model.rowCount() == 5)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / "thread_edited_deleted.png"))
    pane._show_versions(bytes(table))
    await until(lambda: bool(window.findChildren(VersionsDialog)))
    dialog = window.findChildren(VersionsDialog)[0]
    dialog.move(window.geometry().center() - dialog.rect().center())
    await asyncio.sleep(0.6)
    assert dialog.grab().save(str(out / "earlier_versions.png"))
    dialog.close()
    window.close()


async def _panel(out: Path) -> None:
    world = team_world()
    panel = NumberPanel(world.admin("Anna Schmidt"), clock)
    panel.resize(760, 640)
    panel.show()
    await until(lambda: panel.loaded > 0)
    panel.settings.simulator.setChecked(True)
    panel.settings.connect_button.click()
    await until(lambda: panel.status.details.isVisible())
    assert world.connection is not None
    world.connection = replace(world.connection, ignored_webhooks=3, ignored_last_at=world.now)
    world.notify(TeamChange.NUMBER)
    await until(lambda: panel.status.ignored.isVisible())
    await asyncio.sleep(0.4)
    assert panel.grab().save(str(out / "number_panel_other_numbers.png"))
    panel.close()


async def _shoot(out: Path) -> None:
    await _thread(out)
    await _panel(out)
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
