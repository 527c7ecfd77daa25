"""The canned-reply picker in the reply box, over the fake desk (held to the real services by
tests/contract/test_lists_contract.py): `/` opens it, typing filters, arrows choose, Enter
inserts with the variables filled in, Esc closes; and the Canned replies dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.canned import CannedScope
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

pytestmark = pytest.mark.asyncio

SHARED, PERSONAL = CannedScope.SHARED, CannedScope.PERSONAL


async def _replying(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> DeskWindow:
    team.lists.admins.add(anna.me)
    await anna.canned.save_canned(None, SHARED, "hello", "Hello {first_name}, {agent_name} here.")
    await anna.canned.save_canned(None, SHARED, "hours", "We are open 9 to 5.")
    await anna.canned.save_canned(None, PERSONAL, "sig", "Anna, Nordlicht")
    cid = team.customer_writes("Lena Vogel", "Is the oak table back?", at=NOW - 60)
    team.assign(cid, anna.me)
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.detail is not None and pane.composer.is_allowed())
    pane.composer.focus_editor()
    return window


def _shortcuts(window: DeskWindow) -> list[str]:
    return [r.shortcut for r in window.conversation.canned.shown]


async def test_a_slash_lists_replies_typing_filters_and_enter_inserts_filled_in(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await _replying(qtbot, team, anna)
    edit = window.conversation.composer.edit
    sent: list[str] = []
    window.conversation.composer.send_requested.connect(sent.append)
    qtbot.keyClicks(edit, "/")
    await until(lambda: _shortcuts(window) == ["hello", "hours", "sig"])
    qtbot.keyClicks(edit, "h")  # shortcuts starting so first, then texts with it ("Nordlicht")
    await until(lambda: _shortcuts(window) == ["hello", "hours", "sig"])
    qtbot.keyClicks(edit, "o")
    await until(lambda: _shortcuts(window) == ["hours"])
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    await until(lambda: len(_shortcuts(window)) == 3)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "Hello Lena, Anna here."
    assert not window.conversation.canned.isVisible()
    assert sent == []  # Enter inserted; it did not send


async def test_arrows_choose_and_esc_closes_so_enter_sends_what_was_typed(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await _replying(qtbot, team, anna)
    edit = window.conversation.composer.edit
    qtbot.keyClicks(edit, "/h")
    await until(lambda: _shortcuts(window) == ["hello", "hours", "sig"])
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == "We are open 9 to 5."
    edit.clear()
    sent: list[str] = []
    window.conversation.composer.send_requested.connect(sent.append)
    qtbot.keyClicks(edit, "/si")
    await until(lambda: _shortcuts(window) == ["sig"])
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not window.conversation.canned.isVisible()
    qtbot.keyClicks(edit, "g")  # still closed: Esc holds until the slash is gone
    assert not window.conversation.canned.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert sent == ["/sig"]


async def test_a_slash_later_in_the_text_or_in_a_note_opens_nothing(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await _replying(qtbot, team, anna)
    edit = window.conversation.composer.edit
    qtbot.keyClicks(edit, "see /h")
    assert window.conversation.canned.shown == []
    edit.clear()
    window.conversation.mode.set_note_mode(True)
    qtbot.keyClicks(edit, "/h")
    assert window.conversation.canned.shown == []


async def test_an_agent_keeps_personal_replies_in_the_dialog_and_sees_shared_ones(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    await _replying(qtbot, team, anna)
    window = create_desk_window(ben, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    dialog = window.show_canned_replies()
    await until(lambda: dialog.list.count() == 2)  # hello and hours; Anna's sig is hers
    assert [dialog.scope.itemText(i) for i in range(dialog.scope.count())] == ["Only me"]
    dialog.list.setCurrentRow(0)
    assert dialog.shortcut.isReadOnly()
    assert not dialog.save_button.isEnabled()
    dialog.start_new()
    qtbot.keyClicks(dialog.shortcut, "thanks")
    qtbot.keyClicks(dialog.body, "Thank you, {first_name}!")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    await until(lambda: dialog.list.count() == 3)
    mine = [r for r in await ben.canned.canned_replies() if r.scope is PERSONAL]
    assert [(r.shortcut, r.owner) for r in mine] == [("thanks", ben.me)]
