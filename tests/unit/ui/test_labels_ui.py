"""Labels in the window, over the fake desk (held to the real services by
tests/contract/test_lists_contract.py): chips in the queue rows, the queue's label filter, the
panel's chips and menu, and the admin's Labels dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.labels import PALETTE
from app.domain.model import QueueView
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.lists.labels_dialog import LabelsDialog
from app.ui.models.queue_model import QueueModel, QueueRole
from app.ui.widgets.queue_pane import TABS
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

pytestmark = pytest.mark.asyncio

RED, BLUE = PALETTE[0], PALETTE[5]


def _window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    return window


def _names(model: QueueModel) -> list[str]:
    return [model.index(r).data(QueueRole.CUSTOMER_NAME) for r in range(model.rowCount())]


async def test_rows_show_their_labels_and_the_filter_lists_only_those_carrying_one(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    lena = team.customer_writes("Lena Vogel", "Is the oak table back?", at=NOW - 60)
    team.customer_writes("Omar Haddad", "Hello", at=NOW - 30)
    vip = team.lists.define("VIP", RED)
    refund = team.lists.define("Refund", BLUE)
    await anna.labels.set_label(lena, vip, True)
    await anna.labels.set_label(lena, refund, True)
    window = _window(qtbot, anna)
    model = window.queue.current_model
    await until(lambda: model.rowCount() == 2)
    row = _names(model).index("Lena Vogel")
    await until(lambda: model.index(row).data(QueueRole.LABELS) == [("Refund", BLUE), ("VIP", RED)])
    assert "labels: Refund, VIP" in model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert not window.queue.current_list.grab().isNull()  # the chips paint
    combo = window.queue.label_filter
    await until(combo.isVisible)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All conversations",
        "Refund",
        "VIP",
    ]
    combo.choose(vip)
    await until(lambda: _names(model) == ["Lena Vogel"])
    assert window.queue.models[TABS.index(QueueView.ALL_OPEN)].total == 1
    combo.choose(None)
    await until(lambda: len(_names(model)) == 2)


async def test_the_filter_lifts_itself_when_its_label_is_deleted(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.lists.admins.add(anna.me)
    team.customer_writes("Lena Vogel", "Hi", at=NOW - 60)
    vip = team.lists.define("VIP", RED)
    window = _window(qtbot, anna)
    model = window.queue.current_model
    await until(window.queue.label_filter.isVisible)
    window.queue.filter_by_label(vip)
    await until(lambda: model.rowCount() == 0)
    await anna.labels.delete_label(vip)
    await until(lambda: model.rowCount() == 1)
    assert window.queue.label_filter.chosen is None
    assert not window.queue.label_filter.isVisible()


async def test_the_panel_adds_a_label_from_its_menu_and_a_chip_takes_it_off(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    lena = team.customer_writes("Lena Vogel", "Hi", at=NOW - 60)
    vip = team.lists.define("VIP", RED)
    window = _window(qtbot, anna)
    window.open_conversation(lena)
    labels = window.conversation.panel.labels
    await until(lambda: labels.add_button.isVisible())
    labels.add_menu.aboutToShow.emit()  # as when the agent opens it
    [action] = labels.add_menu.actions()
    assert action.text() == "VIP"
    action.trigger()
    await until(lambda: labels.shown == (vip,) and len(labels.chips) == 1)
    assert await anna.labels.labels_of(lena) == (vip,)
    chip = labels.chips[0]
    assert chip.accessibleName() == "Remove label VIP"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    await until(lambda: labels.shown == () and not labels.chips)
    assert await anna.labels.labels_of(lena) == ()


async def test_only_an_admin_sees_the_labels_entry_and_defines_one_from_the_keyboard(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.lists.admins.add(anna.me)
    assert not _window(qtbot, ben).labels_action.isVisible()
    window = _window(qtbot, anna)
    assert window.labels_action.isVisible()
    assert window.labels_action.shortcut().toString() == "Ctrl+Shift+L"
    dialog = window.show_labels()
    assert isinstance(dialog, LabelsDialog)
    qtbot.keyClicks(dialog.name, "  Wholesale ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Save is the default button
    await until(lambda: dialog.list.count() == 1)
    [label] = await anna.labels.labels()
    assert (label.name, label.colour) == ("Wholesale", PALETTE[0])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the same name again
    dialog.start_new()
    qtbot.keyClicks(dialog.name, "wholesale")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.problem.text() == "Another label already has this name.")


async def test_deleting_a_label_asks_first(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    team.lists.admins.add(anna.me)
    team.lists.define("VIP", RED)
    dialog = _window(qtbot, anna).show_labels()
    assert dialog is not None
    await until(lambda: dialog.list.count() == 1)
    dialog.list.setCurrentRow(0)
    for answer, left in (("Cancel", 1), ("Delete", 0)):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
        assert dialog.confirm is not None
        assert "comes off every conversation" in dialog.confirm.text()
        [button] = [b for b in dialog.confirm.buttons() if b.text() == answer]
        button.click()
        await until(lambda left=left: dialog.confirm is None and dialog.list.count() == left)
        assert len(await anna.labels.labels()) == left
