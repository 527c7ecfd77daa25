"""The window's hand-over, state and note flows over the fake desk (held to the real services
by tests/contract/test_handling_contract.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.content import Activity, ActivityKind, Note
from app.domain.handling import ConversationState
from app.domain.model import Direction, QueueView
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.widgets.handling_bar import TransferSheet
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

pytestmark = pytest.mark.asyncio


async def opened(qtbot: QtBot, team: FakeTeam, desk: FakeDesk, holder: FakeDesk) -> DeskWindow:
    cid = team.customer_writes("Lena Vogel", "Is the oak table back in stock?", at=NOW - 60)
    team.assign(cid, holder.me)
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.detail is not None and pane.detail.assignee == holder.me)
    return window


def rows(window: DeskWindow) -> list[tuple[Direction, object, str]]:
    model = window.conversation.model
    assert model is not None
    found = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        found.append(
            (
                index.data(MessageRole.DIRECTION),
                index.data(MessageRole.CONTENT),
                index.data(MessageRole.LINE_TEXT),
            )
        )
    return found


async def test_resolve_moves_it_to_resolved_with_a_line_and_reopen_brings_it_back(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await opened(qtbot, team, anna, anna)
    bar = window.conversation.handling
    qtbot.mouseClick(bar.resolve_button, Qt.MouseButton.LeftButton)
    await until(lambda: rows(window)[-1][0] is Direction.ACTIVITY)
    assert rows(window)[-1][1:] == (
        Activity(ActivityKind.RESOLVED),
        "Anna resolved the conversation",
    )
    await until(lambda: window.queue.current_view is QueueView.RESOLVED)
    await until(lambda: bar.resolve_button.accessibleName() == "Reopen conversation")
    qtbot.mouseClick(bar.resolve_button, Qt.MouseButton.LeftButton)
    await until(
        lambda: (
            window.conversation.detail is not None
            and window.conversation.detail.state is ConversationState.OPEN
        )
    )


async def test_a_private_note_with_a_mention_is_added_not_sent(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window = await opened(qtbot, team, anna, anna)
    pane = window.conversation
    pane.mode.set_note_mode(True)
    assert pane.composer.is_allowed()
    pane.composer.set_text("@Ben she ordered twice, please check")
    pane.composer.submit()
    await until(lambda: rows(window)[-1][0] is Direction.NOTE)
    assert rows(window)[-1][1] == Note("@Ben she ordered twice, please check", (ben.me,))
    conversation = next(iter(team.conversations.values()))
    assert all(m.direction is not Direction.OUTBOUND for m in conversation.messages)


# The offscreen platform cannot raise the popup or grab the keyboard for it; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support.*")
async def test_typing_at_offers_colleagues(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window = await opened(qtbot, team, anna, anna)
    pane = window.conversation
    pane.mode.set_note_mode(True)
    pane.composer.edit.setFocus()
    qtbot.keyClicks(pane.composer.edit, "thanks @B")
    completer = pane.mentions.completer
    await until(lambda: completer.completionCount() == 1)
    assert completer.currentCompletion() == "Ben"
    completer.activated.emit("Ben")
    assert pane.composer.text() == "thanks @Ben "


async def test_a_colleagues_conversation_can_be_taken_over(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window = await opened(qtbot, team, anna, ben)
    pane = window.conversation
    assert not pane.composer.is_allowed()
    pane.handling._fill_menu()
    take = next(a for a in pane.handling.menu.actions() if a.text() == "Take over")
    assert take.isEnabled()
    take.trigger()
    await until(lambda: pane.detail is not None and pane.detail.assignee == anna.me)
    await until(pane.composer.is_allowed)
    assert rows(window)[-1][2] == "Anna took the conversation over from Ben"


async def test_transfer_asks_for_a_note_and_hands_it_over(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window = await opened(qtbot, team, anna, anna)
    pane = window.conversation
    pane.handling._ask_transfer()
    sheet = next(w for w in QApplication.topLevelWidgets() if isinstance(w, TransferSheet))
    assert sheet.colleague.currentText() == "Ben"
    sheet.note.setText("VIP, knows the order")
    sheet.accept()
    await until(lambda: pane.detail is not None and pane.detail.assignee == ben.me)
    assert rows(window)[-1][1] == Activity(
        ActivityKind.TRANSFERRED, target=ben.me, note="VIP, knows the order"
    )
