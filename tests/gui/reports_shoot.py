"""Screenshots of the activity report: `python -m tests.gui.reports_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). The figures are real: a month
of invented traffic (November 2026, more on weekdays and around midday) is applied to a real
SQLCipher replica in a temporary directory and reported from it; the desk shows that report.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from app.domain.handling import ConversationState
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing, PricingType
from app.domain.reports import Period, TeamReport
from app.log.events import StateChange
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.ui.app import create_desk_window
from tests.gui.scene import build_scene
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until
from tests.unit.store.builders import ANNA, BORIS, KEY, LogBuilder, conversation_of

NOVEMBER = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
DAY = 86_400
CATEGORIES = ("marketing", "utility", "authentication")


def _a_day(log: LogBuilder, rng: random.Random, day: int) -> list[AppliedRecord]:
    start = NOVEMBER + day * DAY
    weekday = datetime.fromtimestamp(start, UTC).weekday() < 5
    records = []
    for n in range(rng.randint(6, 14) if weekday else rng.randint(1, 4)):
        customer = f"CC.d{day}n{n}"
        opened = start + int(rng.gauss(12.5, 2.5) * 3_600)
        agent = rng.choice((ANNA, BORIS))
        answered = opened + int(rng.expovariate(1 / 600)) + 30
        resolved = answered + int(rng.expovariate(1 / 3_000)) + 60
        resolve = StateChange(conversation_of(customer), ConversationState.RESOLVED)
        records.append(log.customer("?", customer=customer, at=opened))
        if rng.random() < 0.4:  # a second message before anyone answered
            records.append(log.customer("?", customer=customer, at=opened + 20))
        records += [
            log.claim(customer, agent),
            log.reply(customer, "!", agent, author_time=answered),
            log.member(resolve, customer, agent, author_time=resolved),
        ]
        if rng.random() < 0.3:
            pricing = Pricing(rng.choice(CATEGORIES), PricingType.REGULAR, billable=True)
            wamid = f"wamid.P{day}n{n}"
            records.append(log.status(wamid, DeliveryStatus.SENT, at=answered, pricing=pricing))
    return records


async def _november(folder: Path) -> TeamReport:
    rng, log = random.Random(7), LogBuilder()
    replica = await Replica.open(folder / "replica.db", KEY)
    try:
        records = [r for day in range(30) for r in _a_day(log, rng, day)]
        await replica.apply_batch(records, cursor=records[-1].seq)
        return await replica.team_report(NOVEMBER, NOVEMBER + 30 * DAY, Period.DAY)
    finally:
        await replica.close()


async def _shoot(out: Path) -> None:
    scene = build_scene(int(time.time()))
    team = scene.anna.team
    team.agents.update({ANNA: "Anna", BORIS: "Ben"})
    with tempfile.TemporaryDirectory() as folder:
        team.report = await _november(Path(folder))
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    window.show()
    dialog = window.show_reports()
    dialog.since.setDate(QDate(2026, 11, 1))
    dialog.until.setDate(QDate(2026, 11, 30))
    await until(lambda: dialog.periods.rowCount() == 30)
    dialog.messages_chart.setFocus()
    await asyncio.sleep(0.5)
    assert dialog.grab().save(str(out / "reports_per_day.png"))
    dialog.tabs.setCurrentIndex(1)
    await asyncio.sleep(0.4)
    assert dialog.grab().save(str(out / "reports_per_agent.png"))
    dialog.close()
    window.close()
    QApplication.processEvents()
    print(out)


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
