"""The business-hours editor (issue 12 item 4): an admin sets days, zone, holidays and the
two automatic texts; refusals are one sentence; agents are told it is for admins; the
gateway's automatic answers show as "Automatic" in the thread."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from pytestqt.qtbot import QtBot

from app.domain.business_hours import AUTOMATIC_SYSTEM, DayHours
from app.domain.content import Text
from app.ui.app import create_desk_window
from app.ui.team.hours_panel import BusinessHoursPanel
from app.ui.widgets.bubble_content import Bubble
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.team_helpers import team_world

pytestmark = pytest.mark.asyncio


async def open_panel(qtbot: QtBot, world: FakeTeamWorld, name: str) -> BusinessHoursPanel:
    panel = BusinessHoursPanel(world.admin(name))
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0 or panel.error.isVisible())
    return panel


async def test_an_admin_saves_the_week_zone_holidays_and_texts(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    panel.zone.setCurrentText("Europe/Berlin")
    panel.days[5].open.setChecked(True)  # Saturday, 9:00 to 13:00
    panel.days[5].closes.setTime(QTime(13, 0))
    panel.holiday_date.setDate(QDate(2026, 12, 25))
    panel.add_holiday.click()
    panel.add_holiday.click()  # the same day once
    panel.greeting_on.setChecked(True)
    qtbot.keyClicks(panel.greeting, "Hello! We answer shortly.")
    panel.save_button.click()
    await until(lambda: panel.saved == 1)
    saved = world.business_hours
    assert saved is not None
    assert saved.zone == "Europe/Berlin"
    assert saved.week[0] == DayHours(time(9), time(17))
    assert saved.week[5] == DayHours(time(9), time(13))
    assert saved.week[6] is None
    assert saved.holidays == frozenset({date(2026, 12, 25)})
    assert (saved.greeting_on, saved.greeting, saved.away_on) == (
        True,
        "Hello! We answer shortly.",
        False,
    )
    reopened = await open_panel(qtbot, world, "Anna Schmidt")  # shows what was sent
    assert reopened.value() == saved


async def test_a_refusal_is_one_sentence(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    panel.away_on.setChecked(True)  # switched on with no text
    panel.save_button.click()
    await until(panel.error.isVisible)
    assert panel.error.text() == "Write the greeting or away message you switched on."
    assert world.business_hours is None


async def test_agents_are_told_it_is_for_admins(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, team_world(), "Ben Okafor")
    assert panel.error.text() == "Only admins set the business hours."


async def test_an_automatic_answer_shows_as_automatic(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_sends("Lena", Text("Hello?"), at=NOW - 600)
    team.system_sent(cid, AUTOMATIC_SYSTEM, Text("We are closed."), at=NOW - 599)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)
    assert Bubble.read(model.index(1)).author == "Automatic"
    tip = model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Sent automatically by business hours")
