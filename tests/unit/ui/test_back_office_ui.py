"""Back-office systems on an admin's desk (issue 10 item 5): create a token, see it once with a
Copy button, list the systems, revoke one after a confirmation; agents are told it is for
admins; a system's notification names the system on its bubble."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.content import Text
from app.ui.app import create_desk_window
from app.ui.team.back_office_panel import BackOfficePanel
from app.ui.widgets.bubble_content import Bubble
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.team_helpers import click_role, message_box, team_world

pytestmark = pytest.mark.asyncio


async def open_panel(qtbot: QtBot, world: FakeTeamWorld, name: str) -> BackOfficePanel:
    panel = BackOfficePanel(world.admin(name))
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0 or panel.error.isVisible())
    return panel


async def test_a_new_token_is_shown_once_and_copied(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    assert panel.empty.isVisible()
    assert not panel.create_button.isEnabled()  # no name yet
    qtbot.keyClicks(panel.name, "Shop ERP")
    panel.create_button.click()
    await until(lambda: panel.secret.isVisible() and panel.loaded > 1)
    secret = panel.secret.value.text()
    assert secret.startswith("sbn_")
    assert panel.rows()[0][0] == "Shop ERP"
    assert panel.rows()[0][2:] == ("Never", "Active")
    panel.secret.copy.click()
    assert QGuiApplication.clipboard().text() == secret
    assert panel.secret.copy.text() == "Copied"
    panel.hide()  # closing the window takes the secret off the screen for good
    assert panel.secret.value.text() == ""


async def test_revoking_asks_first_and_marks_the_system(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    qtbot.keyClicks(panel.name, "Warehouse")
    panel.create_token()
    await until(lambda: panel.loaded > 1)
    panel.table.selectRow(0)
    assert panel.revoke_button.isEnabled()
    panel.revoke_button.click()
    box = await message_box(panel)
    click_role(box, QMessageBox.ButtonRole.RejectRole)
    await until(lambda: not box.isVisible())
    assert world.back_office[0].revoked_at is None
    panel.revoke_button.click()
    click_role(await message_box(panel), QMessageBox.ButtonRole.DestructiveRole)
    await until(lambda: panel.rows() and panel.rows()[0][3] == "Revoked")
    panel.table.selectRow(0)
    assert not panel.revoke_button.isEnabled()


async def test_agents_are_told_it_is_for_admins(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, team_world(), "Ben Okafor")
    assert panel.error.text() == "Only admins manage back-office systems."


async def test_a_notification_bubble_names_its_system(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_sends("Lena", Text("Where is my parcel?"), at=NOW - 600)
    team.system_sent(cid, "Shop ERP", Text("Your order A-1042 was delivered."), at=NOW - 500)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)
    bubble = Bubble.read(model.index(1))
    assert bubble.outbound
    assert bubble.author == "Shop ERP (system)"
    tip = model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Notification sent by the back-office system Shop ERP · Delivered")
