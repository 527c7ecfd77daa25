"""The number connection panel: Cloud API settings or the simulator, then what Meta needs."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.services.team_api import TeamChange
from app.ui.team.number_panel import NumberPanel
from tests.helpers.fake_team import BAD_TOKEN, FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world


async def panel_for(qtbot: QtBot, world: FakeTeamWorld, name: str = "Anna Schmidt") -> NumberPanel:
    panel = NumberPanel(world.admin(name), clock)
    qtbot.addWidget(panel)
    panel.resize(800, 700)
    panel.show()
    await until(lambda: panel.loaded > 0)
    return panel


def fill(panel: NumberPanel, token: str = "EAAG-example") -> None:
    form = panel.settings
    form.phone_number_id.setText("106540352242922")
    form.account_id.setText("102290129340398")
    form.access_token.setText(token)
    form.app_secret.setText("4f3c2b1a")


@pytest.mark.asyncio
async def test_connect_is_offered_only_with_complete_numeric_ids(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world())
    form = panel.settings
    assert form.isVisible()
    assert panel.status.empty.text() == "Not connected yet."
    assert not form.connect_button.isEnabled()
    fill(panel)
    assert form.connect_button.isEnabled()
    form.account_id.setText("WABA-1022")
    assert form.hint.text() == "The two ids are numbers only."
    assert not form.connect_button.isEnabled()
    form.simulator.setChecked(True)
    assert form.connect_button.isEnabled()
    assert not form.access_token.isEnabled()


@pytest.mark.asyncio
async def test_after_connecting_the_webhook_values_and_meta_check(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world)
    fill(panel)
    panel.settings.connect_button.click()
    status = panel.status
    await until(lambda: status.details.isVisible())
    assert status.webhook_url.value.text() == "https://gateway.nordlicht.example/webhook"
    assert status.verify_token.value.text()
    assert status.handshake.text().startswith("Waiting for Meta to check the webhook")
    assert status.last_webhook.text() == "None yet"
    assert panel.settings.access_token.text() == ""  # secrets do not linger in the form
    status.webhook_url.copy.click()
    assert QGuiApplication.clipboard().text() == "https://gateway.nordlicht.example/webhook"
    world.meta_calls_webhook(succeeded=True)
    await until(lambda: status.handshake.text().startswith("✓"))
    assert status.last_webhook.text().endswith("(just now)")
    assert status.identity.name.text() == "Nordlicht Furniture"
    assert status.identity.badge.isVisible()
    assert status.number_line.text() == "+49 30 555000 · display name approved"


@pytest.mark.asyncio
async def test_the_simulator_connects_at_once(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world())
    panel.settings.simulator.setChecked(True)
    panel.settings.connect_button.click()
    await until(lambda: panel.status.details.isVisible())
    assert panel.status.paste.isHidden()  # nothing to paste into Meta's console
    assert panel.status.handshake.text().startswith("✓")


@pytest.mark.asyncio
async def test_refusals_are_one_sentence(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world)
    fill(panel, token=BAD_TOKEN)
    panel.settings.connect_button.click()
    await until(lambda: panel.error.isVisible())
    assert panel.error.text() == (
        "Meta refused these settings. Check the access token and the two ids."
    )
    world.gateways.clear()
    panel.settings.connect_button.click()
    await until(lambda: "gateway" in panel.error.text())
    assert panel.error.text() == "Add the gateway to the team before connecting the number."


@pytest.mark.asyncio
async def test_members_see_the_connection_but_not_the_settings(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world(), "Ben Okafor")
    assert panel.settings.isHidden()


@pytest.mark.asyncio
async def test_admins_hear_of_webhooks_for_another_number(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world)
    panel.settings.simulator.setChecked(True)
    panel.settings.connect_button.click()
    status = panel.status
    await until(lambda: status.details.isVisible())
    assert status.ignored.isHidden()
    assert world.connection is not None
    world.connection = replace(world.connection, ignored_webhooks=3, ignored_last_at=world.now)
    world.notify(TeamChange.NUMBER)
    await until(lambda: status.ignored.isVisible())
    assert status.ignored.text().startswith("3 webhook messages for another phone number")
    assert "(just now)" in status.ignored.text()
    member = await panel_for(qtbot, world, "Ben Okafor")
    assert member.status.ignored.isHidden()  # members need not act on it
