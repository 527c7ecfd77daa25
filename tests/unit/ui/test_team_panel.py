"""The team panel: people, devices and gateways; admin-only actions, each confirmed first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.domain.model import Role
from app.services.team_api import TeamChange
from app.ui.team.team_panel import TeamPanel
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import click_role, clock, message_box, team_world


async def panel_for(qtbot: QtBot, world: FakeTeamWorld, name: str) -> TeamPanel:
    panel = TeamPanel(world.admin(name), clock)
    qtbot.addWidget(panel)
    panel.resize(800, 480)
    panel.show()
    await until(lambda: panel.roster is not None)
    return panel


def rows(panel: TeamPanel) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def add(item: QTreeWidgetItem, depth: int) -> None:
        found.append(("  " * depth + item.text(0), item.text(1), item.text(2)))
        for i in range(item.childCount()):
            child = item.child(i)
            assert child is not None
            add(child, depth + 1)

    for i in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(i)
        assert top is not None
        add(top, 0)
    return found


def select(panel: TeamPanel, text: str) -> None:
    for i in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(i)
        assert top is not None
        items = [top] + [top.child(j) for j in range(top.childCount())]
        for item in items:
            if item is not None and item.text(0) == text:
                panel.tree.setCurrentItem(item)
                return
    raise AssertionError(text)


@pytest.mark.asyncio
async def test_people_devices_roles_and_last_seen(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world(), "Anna Schmidt")
    assert rows(panel) == [
        ("Anna Schmidt (you)", "Admin", "This device"),
        ("  Office PC", "Admin", "This device"),
        ("  Laptop", "Admin", "Seen 2 min ago"),
        ("Ben Okafor", "Member", "Seen 1 h ago"),
        ("  Front desk", "Member", "Seen 1 h ago"),
        ("Gateway", "Gateway", "Active now"),
    ]
    assert panel.keys.text() == "Team key version 1"


@pytest.mark.asyncio
async def test_a_member_sees_no_actions(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world(), "Ben Okafor")
    for button in (
        panel.invite_button,
        panel.rotate_button,
        panel.remove_device_button,
        panel.remove_person_button,
    ):
        assert button.isHidden()
    assert panel.note.text() == "Only administrators can invite or remove people."


@pytest.mark.asyncio
async def test_an_admin_cannot_remove_the_device_they_sit_at(qtbot: QtBot) -> None:
    panel = await panel_for(qtbot, team_world(), "Anna Schmidt")
    select(panel, "  Office PC".strip())
    assert not panel.remove_device_button.isEnabled()
    select(panel, "Anna Schmidt (you)")
    assert not panel.remove_person_button.isEnabled()
    select(panel, "Laptop")
    assert panel.remove_device_button.isEnabled()
    assert not panel.remove_person_button.isEnabled()
    select(panel, "Gateway")
    assert panel.remove_device_button.isEnabled()


@pytest.mark.asyncio
async def test_removing_a_person_says_what_happens_and_rotates(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    select(panel, "Ben Okafor")
    panel.remove_person_button.click()
    box = await message_box(panel)
    assert box.text() == "Remove Ben Okafor from the team?"
    assert box.informativeText().startswith("Ben Okafor's device loses access to the team at once.")
    assert box.defaultButton() is box.escapeButton()  # Return and Esc both keep Ben
    click_role(box, QMessageBox.ButtonRole.RejectRole)
    await until(lambda: not box.isVisible())
    assert [p.name for p in world.people] == ["Anna Schmidt", "Ben Okafor"]
    panel.remove_person_button.click()
    box = await message_box(panel)
    click_role(box, QMessageBox.ButtonRole.DestructiveRole)
    await until(lambda: panel.keys.text() == "Team key version 2")
    assert [r[0] for r in rows(panel)] == [
        "Anna Schmidt (you)",
        "  Office PC",
        "  Laptop",
        "Gateway",
    ]


@pytest.mark.asyncio
async def test_rotating_and_a_refused_action(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    panel.rotate_button.click()
    click_role(await message_box(panel), QMessageBox.ButtonRole.DestructiveRole)
    await until(lambda: panel.keys.text() == "Team key version 2")
    world.person("Anna Schmidt").role = Role.MEMBER  # demoted on another desk, not yet shown
    panel.rotate_button.click()
    click_role(await message_box(panel), QMessageBox.ButtonRole.DestructiveRole)
    await until(lambda: panel.error.isVisible())
    assert panel.error.text() == "Only an administrator can do this."
    assert world.epoch == 2


@pytest.mark.asyncio
async def test_changes_elsewhere_show_up(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    select(panel, "Ben Okafor")
    world.add_person("Dana Ivanova", Role.MEMBER)
    world.notify(TeamChange.ROSTER)
    await until(lambda: "Dana Ivanova" in [r[0] for r in rows(panel)])
    current = panel.tree.currentItem()
    assert current is not None
    assert current.text(0) == "Ben Okafor"  # the selection survives the reload


@pytest.mark.asyncio
async def test_delete_key_asks_to_remove_the_selected_device(qtbot: QtBot) -> None:
    world = team_world()
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    select(panel, "Front desk")
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    box = await message_box(panel)
    assert box.text() == "Remove this device?"
    assert box.informativeText().startswith("Front desk (Ben Okafor) loses access")
    click_role(box, QMessageBox.ButtonRole.DestructiveRole)
    await until(lambda: "Ben Okafor" not in [r[0] for r in rows(panel)])


@pytest.mark.asyncio
async def test_who_is_away_is_marked(qtbot: QtBot) -> None:
    world = team_world()
    for device in world.person("Ben Okafor").devices:
        device.away = True
    world.person("Anna Schmidt").devices[1].away = True  # her laptop only
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    names = [row[0] for row in rows(panel)]
    assert names[:5] == [
        "Anna Schmidt (you)",
        "  Office PC",
        "  Laptop (away)",
        "Ben Okafor (away)",
        "  Front desk (away)",
    ]
