"""Screenshots of notifications from back-office systems (issue 10 item 5):
`python -m tests.gui.notify_shoot OUT_DIR [--lang de]`.

Renders a thread mixing a customer's messages, an agent's reply, the phone's echo and a shop
system's delivery notification (ticked), and the "Back-office systems" window right after a
token was made (shown once, with Copy) beside a revoked one. Run under Xvfb:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m
tests.gui.notify_shoot /tmp/shots/notify`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.domain.back_office import BackOfficeSystem
from app.domain.content import Template, Text
from app.domain.model import DeliveryStatus
from app.domain.templates import ParamFormat, Part, RenderedTemplate, TemplateValue
from app.ui.app import create_desk_window
from app.ui.team.back_office_panel import BackOfficePanel
from app.ui.theme import apply_theme
from tests.gui.shoot_cli import run_shoot
from tests.gui.team_shoot import team_world
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until

MINUTE = 60
DELIVERED = Template(
    "delivery_confirmation",
    "en_US",
    ParamFormat.POSITIONAL,
    (TemplateValue(Part.BODY, "1", "Lena"), TemplateValue(Part.BODY, "2", "A-1042")),
    RenderedTemplate(
        "Delivered",
        "Hi Lena, your order A-1042 was delivered today at 10:12. Reply here if anything is wrong.",
        "Nordlicht Furniture",
        (),
    ),
)


async def _thread(out: Path, lang: str) -> None:
    now = int(time.time())
    team = FakeTeam(now=now)
    anna = team.desk("Anna Schmidt")
    cid = team.customer_sends(
        "Lena Krüger", Text("Hi! Is my sofa on its way?"), at=now - 50 * MINUTE
    )
    team.assign(cid, anna.me)
    team.agent_sent(cid, anna.me, "Yes, it arrives tomorrow morning.", at=now - 48 * MINUTE)
    team.phone_sent(cid, Text("The driver will call before he comes."), at=now - 47 * MINUTE)
    team.system_sent(cid, "Shop ERP", DELIVERED, at=now - 9 * MINUTE, status=DeliveryStatus.READ)
    team.customer_sends("Lena Krüger", Text("Got it, thank you!"), at=now - 6 * MINUTE)
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1100, 680)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and pane.model.rowCount() >= 5, timeout=5)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / f"thread_back_office_{lang}.png"))
    window.close()


async def _panel(out: Path, lang: str) -> None:
    world = team_world()
    world.back_office = [
        BackOfficeSystem(
            b"w" * 16, "Warehouse scanner", world.now - 90 * 86_400, world.now - 3 * 86_400
        ),
    ]
    panel = BackOfficePanel(world.admin("Anna Schmidt"))
    panel.resize(720, 460)
    panel.show()
    await until(lambda: panel.loaded > 0, timeout=5)
    panel.name.setText("Shop ERP")
    panel.create_token()
    await until(lambda: panel.secret.isVisible() and panel.loaded > 1, timeout=5)
    world.back_office[0] = BackOfficeSystem(
        b"w" * 16,
        "Warehouse scanner",
        world.now - 90 * 86_400,
        world.now - 86_400,
        world.now - 2 * 86_400,
    )
    panel.refresh()
    await until(lambda: panel.loaded > 2, timeout=5)
    await asyncio.sleep(0.3)
    assert panel.grab().save(str(out / f"back_office_systems_{lang}.png"))
    panel.close()


async def _shoot(out: Path) -> None:
    apply_theme(QApplication.instance())  # type: ignore[arg-type]
    lang = "de" if QLocale().language() == QLocale.Language.German else "en"
    await _thread(out, lang)
    await _panel(out, lang)
    print(out)


if __name__ == "__main__":
    sys.exit(run_shoot(_shoot))
