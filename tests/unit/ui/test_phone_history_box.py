"""The admin's import of the business phone's contacts and chats: asking, then the progress
Meta reports, then done or why not (EN; German is checked by the catalog tests)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.content import Unsupported
from app.domain.history import (
    DECLINED_CODE,
    MEDIA_PLACEHOLDER,
    NO_NUMBER,
    HistoryImport,
    HistoryStage,
)
from app.services.team_api import TeamChange
from app.ui.content_text import describe
from app.ui.team.number_panel import NumberPanel
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world


async def connected(qtbot: QtBot, world: FakeTeamWorld, name: str = "Anna Schmidt") -> NumberPanel:
    panel = NumberPanel(world.admin(name), clock)
    qtbot.addWidget(panel)
    panel.resize(800, 900)
    panel.show()
    await until(lambda: panel.loaded > 0)
    if world.connection is None:
        panel.settings.simulator.setChecked(True)
        panel.settings.connect_button.click()
        await until(lambda: panel.status.details.isVisible())
    return panel


def reported(world: FakeTeamWorld, history: HistoryImport) -> None:
    world.history = history
    world.notify(TeamChange.NUMBER)


@pytest.mark.asyncio
async def test_an_admin_asks_once_and_sees_the_import_go(qtbot: QtBot) -> None:
    world = team_world()
    panel = await connected(qtbot, world)
    box = panel.history
    await until(lambda: box.isVisible())
    assert box.state.text() == "Not imported yet."
    assert box.progress.isHidden()
    box.import_button.click()
    await until(lambda: world.phone_sync_requests == 1)
    await until(lambda: box.state.text().startswith("Asked the gateway"))
    assert not box.import_button.isEnabled()  # once per number at Meta: no second click
    reported(world, HistoryImport(HistoryStage.RECEIVING, phase=1, progress=40, messages=1_234))
    await until(lambda: box.progress.isVisible())
    assert box.progress.value() == 40
    assert box.state.text() == "Importing: 1234 messages so far. 40% done. Now: up to 90 days back."
    reported(world, HistoryImport(HistoryStage.FINISHED, phase=2, progress=100, messages=5_000))
    await until(lambda: box.state.text().startswith("Done"))
    assert box.state.text() == "Done: 5000 messages imported from the phone."
    assert not box.import_button.isEnabled()


@pytest.mark.asyncio
async def test_the_owners_decline_and_a_refusal_are_said_in_a_sentence(qtbot: QtBot) -> None:
    world = team_world()
    panel = await connected(qtbot, world)
    box = panel.history
    reported(world, HistoryImport(HistoryStage.DECLINED, reason="off", code=DECLINED_CODE))
    await until(lambda: box.state.text().startswith("The owner chose not to share"))
    assert box.state.objectName() == "ErrorText"
    assert not box.import_button.isEnabled()
    reported(world, HistoryImport(HistoryStage.REFUSED, reason=NO_NUMBER))
    await until(lambda: box.state.text().startswith("The gateway has no number"))
    assert box.import_button.isEnabled()  # a refusal that may pass: try again
    reported(world, HistoryImport(HistoryStage.REFUSED, reason="the sync window closed"))
    await until(lambda: box.state.text() == "Meta refused the request: the sync window closed")


@pytest.mark.asyncio
async def test_asking_again_after_a_refusal_shows_the_next_answer(qtbot: QtBot) -> None:
    world = team_world()
    panel = await connected(qtbot, world)
    box = panel.history
    reported(world, HistoryImport(HistoryStage.REFUSED, reason=NO_NUMBER, at=1))
    await until(lambda: box.import_button.isEnabled() and "no number" in box.state.text())
    box.import_button.click()
    await until(lambda: box.state.text().startswith("Asked the gateway"))
    reported(world, HistoryImport(HistoryStage.REFUSED, reason="the sync window closed", at=2))
    await until(lambda: box.state.text() == "Meta refused the request: the sync window closed")


@pytest.mark.asyncio
async def test_members_see_no_import(qtbot: QtBot) -> None:
    world = team_world()
    await connected(qtbot, world)
    member = await connected(qtbot, world, "Ben Okafor")
    assert member.history.isHidden()


def test_a_placeholder_of_the_history_says_what_it_was() -> None:
    shown = describe(Unsupported(0, MEDIA_PLACEHOLDER), "")
    assert shown.placeholder == "A photo or file from the phone's history (not imported)"
