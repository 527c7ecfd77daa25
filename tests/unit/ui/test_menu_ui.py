"""The menu editor (issue 12 item 5): an admin sets the text, the button and the options, each
with a label from the team's; the preview follows; refusals are one sentence; agents are told
it is for admins."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.labels import LabelId
from app.domain.menu import Menu, MenuOption
from app.services.api import Changes
from app.ui.team.menu_panel import MenuPanel
from tests.helpers.fake_lists import FakeLabelBook, FakeLists
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import team_world

pytestmark = pytest.mark.asyncio


def ignore(changes: Changes) -> None:
    return None


def team_labels() -> tuple[FakeLabelBook, dict[str, LabelId]]:
    lists = FakeLists(ignore, set)
    ids = {name: lists.define(name, 0x3A7BD5) for name in ("Orders", "Returns", "Billing")}
    return FakeLabelBook(lists, b"D" * 16), ids  # type: ignore[arg-type]


async def open_panel(qtbot: QtBot, world: FakeTeamWorld, name: str) -> MenuPanel:
    labels, _ = team_labels()
    panel = MenuPanel(world.admin(name), labels)
    qtbot.addWidget(panel)
    panel.show()
    await until(lambda: panel.loaded > 0 or panel.error.isVisible())
    return panel


async def test_an_admin_saves_a_menu_whose_options_pick_labels(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    panel.enabled.setChecked(True)
    qtbot.keyClicks(panel.body, "How can we help?")
    qtbot.keyClicks(panel.button, "Choose a topic")
    for title in ("Where is my order", "Send something back"):
        panel.append_option()
        panel.options.item(panel.options.rowCount() - 1, 0).setText(title)
    panel.options.item(1, 1).setText("Within 30 days")
    assert "Send something back" in panel.preview.text()  # the preview follows the table
    panel.save_button.click()
    await until(lambda: panel.saved == 1)
    saved = world.menu
    assert saved is not None
    names = {label.label_id: label.name for label in panel.labels}
    assert [(o.title, names[o.label_id], o.description) for o in saved.options] == [
        ("Where is my order", "Billing", ""),  # labels by name: the first free one each time
        ("Send something back", "Orders", "Within 30 days"),
    ]
    assert (saved.enabled, saved.body, saved.button) == (True, "How can we help?", "Choose a topic")
    reopened = MenuPanel(world.admin("Anna Schmidt"), panel.label_book)
    qtbot.addWidget(reopened)
    await until(lambda: reopened.loaded > 0)
    assert reopened.value() == saved  # shows what was sent


async def test_the_fields_hold_metas_limits_and_a_refusal_is_one_sentence(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    qtbot.keyClicks(panel.button, "b" * 30)
    assert len(panel.button.text()) == 20
    panel.enabled.setChecked(True)
    qtbot.keyClicks(panel.body, "Hi")
    panel.save_button.click()  # on, with no option
    await until(panel.error.isVisible)
    assert panel.error.text() == "Add at least one option."
    assert world.menu is None


async def test_a_title_past_24_characters_is_refused(qtbot: QtBot) -> None:
    world = team_world()
    panel = await open_panel(qtbot, world, "Anna Schmidt")
    menu = Menu(True, "Hi", "Choose", (MenuOption("t" * 25, panel.labels[0].label_id),))
    panel.show_menu(menu)
    panel.save_button.click()
    await until(panel.error.isVisible)
    assert panel.error.text() == "An option's title may have 24 characters."


async def test_agents_are_told_it_is_for_admins(qtbot: QtBot) -> None:
    panel = await open_panel(qtbot, team_world(), "Ben Okafor")
    assert panel.error.text() == "Only admins set the menu."
