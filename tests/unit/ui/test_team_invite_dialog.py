"""The invite dialog: a code and QR code, then the SAS with the newcomer, then the result."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.errors import SasMismatch
from app.domain.model import Role
from app.ui.team.invite_code_view import grouped
from app.ui.team.invite_dialog import InviteDialog
from app.ui.team.qr_view import QUIET_ZONE, qr_matrix
from app.ui.team.sas_panel import emoji_name
from tests.helpers.fake_team import HUB, FakeJoinAttempt, FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world


async def open_invite(qtbot: QtBot, world: FakeTeamWorld, role: Role = Role.MEMBER) -> InviteDialog:
    dialog = InviteDialog(world.admin("Anna Schmidt"), clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.role_page.roles.button(int(role)).setChecked(True)
    dialog.primary.click()
    await until(lambda: dialog.pages.currentWidget() is dialog.code_page)
    return dialog


async def newcomer(world: FakeTeamWorld, dialog: InviteDialog) -> FakeJoinAttempt:
    assert dialog.invite is not None
    attempt = await world.setup().start_join(HUB, dialog.invite.code, "Carla Jiménez")
    await until(lambda: dialog.pages.currentWidget() is dialog.sas_panel)
    return attempt


@pytest.mark.asyncio
async def test_the_code_is_shown_in_groups_with_a_qr_code(qtbot: QtBot) -> None:
    world = team_world()
    dialog = await open_invite(qtbot, world)
    invite = dialog.invite
    assert invite is not None
    assert dialog.code_page.code.text() == grouped(invite.code)
    assert len(dialog.code_page.code.text()) == 24
    assert dialog.code_page.qr.matrix == qr_matrix(invite.qr_payload)
    side = len(dialog.code_page.qr.matrix) + 2 * QUIET_ZONE
    assert dialog.code_page.qr.width() >= side * 4  # at least 4 pixels per module
    validity = dialog.code_page.validity.text()
    assert validity.startswith("Valid until ")
    assert validity.endswith(" tomorrow, single use")
    dialog.code_page.copy.click()
    assert QGuiApplication.clipboard().text() == grouped(invite.code)
    assert dialog.code_page.copy.text() == "Copied"


@pytest.mark.asyncio
async def test_both_match_and_the_newcomer_is_added(qtbot: QtBot) -> None:
    world = team_world()
    dialog = await open_invite(qtbot, world)
    attempt = await newcomer(world, dialog)
    sas = await attempt.wait_sas()
    panel = dialog.sas_panel
    assert [t.name.text() for t in panel.tiles] == [emoji_name(i) for i in sas.emoji]
    assert panel.prompt.text() == "Does Carla Jiménez's screen show these emoji?"
    panel.match_button.click()
    await until(lambda: panel.status.text() == "Waiting for Carla Jiménez to confirm…")
    await attempt.confirm()
    await attempt.wait_added()
    await until(lambda: dialog.pages.currentWidget() is dialog.done_page)
    assert dialog.done_page.title.text() == "Carla Jiménez is in the team"
    assert world.person("Carla Jiménez").role is Role.MEMBER
    assert dialog.primary.text() == "Close"


@pytest.mark.asyncio
async def test_they_dont_match_burns_the_invite(qtbot: QtBot) -> None:
    world = team_world()
    world.man_in_the_middle = True
    dialog = await open_invite(qtbot, world)
    attempt = await newcomer(world, dialog)
    dialog.sas_panel.mismatch_button.click()
    await until(lambda: dialog.pages.currentWidget() is dialog.done_page)
    assert dialog.done_page.title.text() == "Nobody was added"
    with pytest.raises(SasMismatch):
        await attempt.wait_added()
    assert dialog.invite is not None
    assert world.invites[dialog.invite.code].state == "burnt"
    assert [p.name for p in world.people] == ["Anna Schmidt", "Ben Okafor"]


@pytest.mark.asyncio
async def test_the_newcomer_saying_no_ends_the_invite(qtbot: QtBot) -> None:
    world = team_world()
    dialog = await open_invite(qtbot, world)
    attempt = await newcomer(world, dialog)
    dialog.sas_panel.match_button.click()
    await attempt.cancel(mismatch=True)
    await until(lambda: dialog.pages.currentWidget() is dialog.done_page)
    assert dialog.done_page.text.text().startswith("The emoji did not match")


@pytest.mark.asyncio
async def test_escape_before_anyone_came_cancels_the_invite(
    qtbot: QtBot, qapp: QApplication
) -> None:
    qapp.setQuitOnLastWindowClosed(False)  # as in the app: closing the dialog must not quit
    world = team_world()
    dialog = await open_invite(qtbot, world)
    invite = dialog.invite
    assert invite is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    await until(lambda: world.invites[invite.code].state == "burnt")


@pytest.mark.asyncio
async def test_a_member_cannot_invite(qtbot: QtBot) -> None:
    world = team_world()
    dialog = InviteDialog(world.admin("Ben Okafor"), clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.primary.click()
    await until(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "Only an administrator can do this."
    assert dialog.pages.currentWidget() is dialog.role_page
