"""Auto-assignment in the window, over the fake desk (held to the real services by
tests/contract/test_assignment_contract.py): the Away switch in the status bar and its
shortcut, colleagues marked away in the Assign to menu, and the admins' settings dialog."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.assignment import AgentRule, AssignmentSettings
from app.domain.ids import ConversationId
from app.domain.labels import PALETTE
from app.domain.notify import Notice, NoticeKind
from app.ui.app import create_desk_window
from app.ui.assignment.settings_dialog import AssignmentDialog, LabelsButton
from app.ui.desk_window import DeskWindow
from app.ui.notifications.words import notice_body, notice_title
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.german import Catalog
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.test_desk_window import open_conversation, press
from tests.unit.ui.test_i18n_walk import assert_german, catalog, in_german, populated_desk

__all__ = ["catalog", "in_german"]  # fixtures shared with the German walk

pytestmark = pytest.mark.asyncio


def _window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window


async def test_the_away_switch_tells_the_team_and_colleagues_see_it(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window = _window(qtbot, anna)
    switch = window.away_switch
    assert switch.button.text() == "Available"
    press(window, "Ctrl+Shift+Y")
    await until(lambda: anna.me in team.lists.away)
    await until(lambda: switch.button.text() == "Away" and switch.action.isChecked())
    assert window.header.away_tag.isVisibleTo(window.header)  # beside her name, too
    switch.button.click()  # and back
    await until(lambda: anna.me not in team.lists.away)
    await until(lambda: switch.button.text() == "Available")
    assert not window.header.away_tag.isVisibleTo(window.header)

    await ben.assignment.set_away(True)  # Ben's desk says so; Anna's menu shows it
    cid = team.customer_writes("Lena Vogel", "Hello", at=NOW - 60)
    await open_conversation(window, cid)
    handling = window.conversation.handling
    await until(lambda: ben.me in handling._away)
    handling._handover_actions(handling._detail)  # type: ignore[arg-type]
    [assign] = [a for a in handling.menu.actions() if a.text() == "Assign to"]
    names = [a.text() for a in assign.menu().actions()]  # type: ignore[union-attr]
    assert f"{ben.my_name} (away)" in names


async def test_only_admins_find_the_settings(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    window = _window(qtbot, anna)
    assert not window.assignment_action.isVisible()
    assert window.show_assignment() is None
    team.lists.admins.add(anna.me)
    admin = _window(qtbot, anna)
    assert admin.assignment_action.isVisible()


async def test_an_admin_turns_it_on_with_limits_and_labels(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.lists.admins.add(anna.me)
    billing = team.lists.define("Billing", PALETTE[0])
    team.lists.define("Orders", PALETTE[5])
    await ben.assignment.set_away(True)
    dialog = _window(qtbot, anna).show_assignment()
    assert isinstance(dialog, AssignmentDialog)
    await until(dialog.save_button.isEnabled)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    statuses = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert statuses[names.index(ben.my_name)] == "Away"
    dialog.enabled.setChecked(True)
    dialog.capacity.setValue(4)
    dialog.wait.setValue(90)
    row = names.index(ben.my_name)
    limit = dialog.table.cellWidget(row, 2)
    labels = dialog.table.cellWidget(row, 3)
    assert isinstance(labels, LabelsButton)
    assert labels.text() == "All labels"
    limit.setValue(2)  # type: ignore[union-attr]
    [billing_action] = [a for a in labels.menu().actions() if a.text() == "Billing"]
    billing_action.setChecked(True)
    assert labels.text() == "Billing"
    finished: list[int] = []
    dialog.finished.connect(finished.append)
    dialog.save_button.click()
    expected = AssignmentSettings(True, 4, (AgentRule(ben.me, 2, (billing,)),), 90)
    await until(lambda: team.lists.assignment == expected)
    await until(lambda: finished == [1])  # accepted: it closes


@pytest.mark.usefixtures("in_german")
async def test_the_switch_and_the_settings_speak_german(qtbot: QtBot, catalog: Catalog) -> None:
    window = await populated_desk(qtbot)
    desk = window.api
    assert isinstance(desk, FakeDesk)
    desk.team.lists.admins.add(desk.me)
    desk.team.lists.define("VIP", PALETTE[0])
    window.away_switch.button.click()
    await until(lambda: window.away_switch.button.text() == "Abwesend")
    assert_german(catalog, window)
    dialog = window.show_assignment()
    assert dialog is not None
    qtbot.addWidget(dialog)
    await until(dialog.save_button.isEnabled)
    assert_german(catalog, dialog)


async def test_an_automatic_assignment_is_announced_as_such(anna: FakeDesk) -> None:
    notice = Notice(
        NoticeKind.ASSIGNED_TO_YOU, ConversationId(b"c" * 16), None, anna.me, customer_name="Lea"
    )
    assert notice_title(notice, anna.agent_name) == (
        "A conversation was assigned to you automatically"
    )
    assert notice_body(notice, show_text=True) == "Conversation with Lea"
