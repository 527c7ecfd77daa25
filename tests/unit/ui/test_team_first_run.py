"""The first-run window: founding a team, and joining one against an admin on the other side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.errors import InviteCodeInvalid, SasMismatch
from app.domain.model import Role
from app.services.team_api import FoundingStep, HubOnServer, Invite
from app.ui.app import create_first_run_window
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.passphrase_dialog import PassphraseDialog
from app.ui.team.sas_panel import emoji_name
from tests.helpers.fake_team import DAY, HUB, SETUP_CODE, FakeTeamAdmin, FakeTeamWorld, make_code
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.team_helpers import team_world


def window_for(qtbot: QtBot, world: FakeTeamWorld) -> FirstRunWindow:
    window = FirstRunWindow(world.setup())
    qtbot.addWidget(window)
    window.show()
    return window


def fill_create(window: FirstRunWindow, on_server: bool = False, code: str = SETUP_CODE) -> None:
    window.choice.create_button.click()
    form = window.create_page
    form.business.setText("Nordlicht Furniture")
    form.owner.setText("Anna Schmidt")
    if on_server:
        form.server.setChecked(True)
        form.address.setText(HUB)
        form.setup_code.set_code(code)


@pytest.mark.asyncio
async def test_founding_on_this_computer(qtbot: QtBot) -> None:
    world = FakeTeamWorld(NOW)
    window = window_for(qtbot, world)
    assert window.pages.currentWidget() is window.choice
    fill_create(window)
    ready: list[bool] = []
    window.team_ready.connect(lambda: ready.append(True))
    window.create_page.primary.click()
    await until(lambda: ready)
    setup = window.setup
    assert setup.steps == [  # type: ignore[attr-defined]
        FoundingStep.MAKING_KEYS,
        FoundingStep.STARTING_HUB,
        FoundingStep.FOUNDING,
        FoundingStep.DONE,
    ]
    assert [(p.name, p.role) for p in world.people] == [("Anna Schmidt", Role.ADMIN)]
    assert world.business_name == "Nordlicht Furniture"


@pytest.mark.asyncio
async def test_a_wrong_setup_code_is_one_sentence_on_the_form(qtbot: QtBot) -> None:
    world = FakeTeamWorld(NOW)
    window = window_for(qtbot, world)
    fill_create(window, on_server=True, code=make_code("another hub"))
    assert window.create_page.primary.isEnabled()
    window.create_page.primary.click()
    form = window.create_page
    await until(lambda: form.error.isVisible())
    assert window.pages.currentWidget() is form
    assert form.error.text() == (
        "The hub did not accept this setup code. Check what the hub printed."
    )
    assert not world.founded


@pytest.mark.asyncio
async def test_without_a_keychain_a_passphrase_is_chosen_first(qtbot: QtBot) -> None:
    world = FakeTeamWorld(NOW)
    world.keychain = False
    window = window_for(qtbot, world)
    fill_create(window)
    window.create_page.primary.click()
    await until(lambda: window.findChildren(PassphraseDialog))
    dialog = window.findChildren(PassphraseDialog)[0]
    dialog.first.setText("four unrelated words here")
    dialog.second.setText("four unrelated words here")
    dialog.ok.click()
    await until(lambda: world.founded)
    assert world.passphrase == "four unrelated words here"


def fill_join(window: FirstRunWindow, code: str, name: str = "Carla Jiménez") -> None:
    window.choice.join_button.click()
    form = window.join_page
    form.address.setText(HUB)
    form.code.set_code(code)
    form.name.setText(name)


async def admin_invite(world: FakeTeamWorld) -> tuple[FakeTeamAdmin, Invite]:
    admin = world.admin("Anna Schmidt")
    return admin, await admin.create_invite(Role.MEMBER)


@pytest.mark.asyncio
async def test_joining_compares_the_sas_then_syncs(qtbot: QtBot) -> None:
    world = team_world()
    admin, invite = await admin_invite(world)
    window = window_for(qtbot, world)
    fill_join(window, invite.code.lower())
    ready: list[bool] = []
    window.team_ready.connect(lambda: ready.append(True))
    window.join_page.primary.click()
    await until(lambda: window.pages.currentWidget() is window.work)
    assert window.work.title.text() == "Waiting for an administrator"
    pending = await admin.next_join_request(invite)
    assert pending.newcomer_name == "Carla Jiménez"
    panel = window.sas.panel
    await until(lambda: window.pages.currentWidget() is window.sas)
    shown = [tile.name.text() for tile in panel.tiles]
    assert shown == [emoji_name(i) for i in pending.sas.emoji]
    panel.match_button.click()
    await until(lambda: not panel.match_button.isEnabled())
    assert panel.status.text() == "Waiting for the administrator to confirm…"
    await admin.confirm_join(pending)
    await until(lambda: ready)
    assert window.work.sync.label.text() == "Up to date"
    assert "Carla Jiménez" in [p.name for p in world.people]


@pytest.mark.asyncio
async def test_a_code_no_invite_has(qtbot: QtBot) -> None:
    world = team_world()
    window = window_for(qtbot, world)
    fill_join(window, make_code("never issued"))
    window.join_page.primary.click()
    await until(lambda: window.join_page.error.isVisible())
    assert window.join_page.error.text() == (
        "No open invite has this code: it may be mistyped, used already or expired. "
        "Ask for a new one if it keeps failing."
    )


@pytest.mark.asyncio
async def test_an_expired_invite(qtbot: QtBot) -> None:
    world = team_world()
    _, invite = await admin_invite(world)
    world.now += DAY + 1
    window = window_for(qtbot, world)
    fill_join(window, invite.code)
    window.join_page.primary.click()
    await until(lambda: window.join_page.error.isVisible())
    assert "expired" in window.join_page.error.text()


@pytest.mark.asyncio
async def test_a_mismatch_burns_the_invite(qtbot: QtBot) -> None:
    world = team_world()
    world.man_in_the_middle = True
    admin, invite = await admin_invite(world)
    window = window_for(qtbot, world)
    fill_join(window, invite.code)
    window.join_page.primary.click()
    pending = await admin.next_join_request(invite)
    await until(lambda: window.pages.currentWidget() is window.sas)
    newcomer_sees = [tile.name.text() for tile in window.sas.panel.tiles]
    assert newcomer_sees != [emoji_name(i) for i in pending.sas.emoji]
    window.sas.panel.mismatch_button.click()
    await until(lambda: window.join_page.error.isVisible())
    assert window.join_page.error.text().startswith("The emoji did not match")
    with pytest.raises(SasMismatch):
        await admin.confirm_join(pending)
    with pytest.raises(InviteCodeInvalid):  # a burnt invite lets nobody in, as on the real hub
        await world.setup().start_join(HUB, invite.code, "Mallory")
    assert "Carla Jiménez" not in [p.name for p in world.people]


@pytest.mark.asyncio
async def test_escape_while_waiting_cancels_the_join(qtbot: QtBot) -> None:
    world = team_world()
    _, invite = await admin_invite(world)
    window = window_for(qtbot, world)
    fill_join(window, invite.code)
    window.join_page.primary.click()
    await until(lambda: window.work.title.text() == "Waiting for an administrator")
    qtbot.keyClick(window.work, Qt.Key.Key_Escape)
    await until(lambda: window.pages.currentWidget() is window.join_page)
    record = world.invites[invite.code]
    assert record.join is not None
    await until(lambda: record.join is not None and record.join.outcome == "cancelled")
    assert window.join_page.error.isHidden()


def test_founding_choice_carries_the_server_fields(qtbot: QtBot) -> None:
    world = FakeTeamWorld(NOW)
    window = FirstRunWindow(world.setup())
    qtbot.addWidget(window)
    fill_create(window, on_server=True)
    assert window.create_page.hub_choice() == HubOnServer(HUB, SETUP_CODE)
    window.create_page.here.setChecked(True)
    assert not window.create_page.address.isEnabled()


@pytest.mark.asyncio
async def test_opening_the_desk_during_the_first_sync_says_ready_once(qtbot: QtBot) -> None:
    world = team_world()
    admin, invite = await admin_invite(world)
    window = window_for(qtbot, world)
    fill_join(window, invite.code)
    ready: list[bool] = []
    window.team_ready.connect(lambda: ready.append(True))
    window.join_page.primary.click()
    pending = await admin.next_join_request(invite)
    await until(lambda: window.pages.currentWidget() is window.sas)
    world.latency = 0.05
    window.sas.panel.match_button.click()
    await admin.confirm_join(pending)
    await until(lambda: window.work.primary.isVisible())
    assert window.work.primary.text() == "Open the desk"
    window.work.primary.click()
    await until(lambda: window.work.sync.label.text() == "Up to date")
    assert ready == [True]


@pytest.mark.asyncio
async def test_closing_the_window_mid_join_tells_the_admin(
    qtbot: QtBot, qapp: QApplication
) -> None:
    qapp.setQuitOnLastWindowClosed(False)  # as in the app
    world = team_world()
    _, invite = await admin_invite(world)
    window = create_first_run_window(world.setup())
    qtbot.addWidget(window)
    window.show()
    fill_join(window, invite.code)
    window.join_page.primary.click()
    await until(lambda: window.work.title.text() == "Waiting for an administrator")
    window.close()
    record = world.invites[invite.code]
    await until(lambda: record.join is not None and record.join.outcome == "cancelled")
