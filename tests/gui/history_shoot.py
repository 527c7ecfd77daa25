"""Screenshots of the business phone's history import (coexistence): the admin's number panel
while the import runs and once it is done or declined, and an imported thread followed by a
live message: `python -m tests.gui.history_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.domain.content import Text, Unsupported
from app.domain.history import DECLINED_CODE, MEDIA_PLACEHOLDER, HistoryImport, HistoryStage
from app.domain.model import DeliveryStatus
from app.services.team_api import TeamChange
from app.ui.app import create_desk_window
from app.ui.team.number_panel import NumberPanel
from app.ui.theme import apply_theme
from tests.gui.shoot_cli import run_shoot
from tests.gui.team_shoot import Shooter, _clock, team_world
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until

DAY = 24 * 3600


def _lang() -> str:
    return "de" if QLocale().language() == QLocale.Language.German else "en"


async def shoot(out: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    lang = _lang()
    await _panel(out, lang)
    await _thread(out, lang)
    print(out)


async def _panel(out: Path, lang: str) -> None:
    world = team_world()
    panel = NumberPanel(world.admin("Anna Schmidt"), _clock)
    shooter = Shooter(out, 720)
    shooter.place(panel, 900)
    await until(lambda: panel.settings.isVisible(), timeout=5)
    panel.settings.simulator.setChecked(True)
    panel.settings.connect_button.click()
    await until(lambda: panel.history.isVisible(), timeout=5)
    world.meta_calls_webhook(succeeded=True)
    steps = {
        "progress": HistoryImport(HistoryStage.RECEIVING, phase=1, progress=40, messages=1_234),
        "done": HistoryImport(HistoryStage.FINISHED, phase=2, progress=100, messages=5_000),
        "declined": HistoryImport(HistoryStage.DECLINED, reason="off", code=DECLINED_CODE),
    }
    for name, history in steps.items():
        world.history = history
        world.notify(TeamChange.NUMBER)
        await until(
            lambda h=history: panel.history.progress.isVisible() == (h.progress > 0), timeout=5
        )  # type: ignore[misc]
        await shooter.shot(panel, f"history_import_{name}_{lang}")
    shooter.close_all()


async def _thread(out: Path, lang: str) -> None:
    now = int(time.time())
    team = FakeTeam(now=now)
    anna = team.desk("Anna Schmidt")
    cid = team.customer_sends("Lena Krüger", Text("Do you ship to Potsdam?"), at=now - 120 * DAY)
    team.phone_sent(cid, Text("Yes, within two days."), at=now - 120 * DAY + 600)
    team.customer_sends("Lena Krüger", Unsupported(0, MEDIA_PLACEHOLDER), at=now - 61 * DAY)
    team.phone_sent(cid, Text("Thanks, the blue one is in stock."), at=now - 61 * DAY + 300)
    team.customer_sends("Lena Krüger", Text("Hi again! Is my parcel here?"), at=now - 300)
    team.assign(cid, anna.me)
    team.agent_sent(cid, anna.me, "It arrives today.", DeliveryStatus.DELIVERED, at=now - 60)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1100, 700)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and pane.model.rowCount() >= 6)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / f"history_thread_{lang}.png"))
    window.close()


if __name__ == "__main__":
    sys.exit(run_shoot(shoot))
