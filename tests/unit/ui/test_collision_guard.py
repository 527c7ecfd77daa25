"""The collision guard in the desk window (pytest-qt, offscreen, over the fake desk): who is
viewing and typing shows in the header and the queue row, and a reply is not sent blind past a
customer's message that came in while the agent typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.ids import ConversationId
from app.domain.model import Direction
from app.domain.presence import TYPING_TTL, VIEWING_TTL
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from app.ui.widgets.presence_view import presence_words
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until


async def open_window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = DeskWindow(desk, business_name="Nordlicht", clock=lambda: desk.team.now)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    await until(lambda: window.isActiveWindow())
    await until(lambda: not window.queue.current_model.busy)
    return window


async def opened(window: DeskWindow, cid: ConversationId) -> None:
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and not pane.model.busy and pane.model.rowCount())


def mark(window: DeskWindow, cid: ConversationId) -> object:
    model = window.queue.current_model
    row = model.row_of(cid)
    return None if row is None else model.index(row).data(QueueRole.PRESENCE)


@pytest.mark.asyncio
async def test_a_colleague_viewing_then_typing_shows_in_header_and_queue(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "Is the oak table back?")
    anna_window = await open_window(qtbot, anna)
    await opened(anna_window, lena)
    line = anna_window.conversation.header.presence
    assert not line.isVisible()

    ben_window = await open_window(qtbot, ben)  # Ben's window has the focus now
    await opened(ben_window, lena)

    await until(lambda: line.text() == "Ben is viewing")
    assert line.isVisible()
    assert mark(anna_window, lena) == ("B", False)
    assert not ben_window.conversation.header.presence.isVisible()  # not about himself

    qtbot.keyClicks(ben_window.conversation.composer.edit, "We do")
    await until(lambda: line.text() == "Ben is typing…")
    assert mark(anna_window, lena) == ("B", True)

    team.now += int(TYPING_TTL) + 1
    team.expire_presence()
    await until(lambda: line.text() == "Ben is viewing")
    team.now += int(VIEWING_TTL)
    team.expire_presence()
    await until(lambda: not line.isVisible())
    assert mark(anna_window, lena) is None


@pytest.mark.asyncio
async def test_viewing_follows_the_window_focus(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "Hello")
    ben_window = await open_window(qtbot, ben)
    await opened(ben_window, lena)
    await until(lambda: anna.presence(lena).viewing == (ben.me,))

    await open_window(qtbot, anna)  # Ben's window loses the focus to Anna's
    await until(lambda: not anna.presence(lena))

    ben_window.activateWindow()
    await until(lambda: anna.presence(lena).viewing == (ben.me,))


@pytest.mark.asyncio
async def test_a_message_arriving_while_typing_is_shown_before_the_send(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "Is the oak table back?")
    team.assign(lena, anna.me)
    window = await open_window(qtbot, anna)
    await opened(window, lena)
    pane = window.conversation
    composer = pane.composer
    await until(lambda: composer.edit.isEnabled())
    qtbot.keyClicks(composer.edit, "Yes, it is back.")

    team.customer_writes("Lena", "Sorry, I meant the walnut one")
    await until(lambda: pane.model is not None and pane.model.rowCount() == 2)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)

    await until(lambda: pane.guard.notice.isVisible())
    assert "review it" in pane.guard.notice.text()
    outbound = [m for m in team.conversations[lena].messages if m.direction is Direction.OUTBOUND]
    assert outbound == []  # nothing went out
    assert composer.text() == "Yes, it is back."  # the words are kept
    current = pane.view.currentIndex()
    assert current.data(MessageRole.TEXT) == "Sorry, I meant the walnut one"  # highlighted

    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)  # reviewed: now it goes
    await until(lambda: len(team.conversations[lena].messages) == 3)
    assert team.conversations[lena].messages[-1].text == "Yes, it is back."
    await until(lambda: not pane.guard.notice.isVisible())


@pytest.mark.asyncio
async def test_my_own_reply_in_between_does_not_hold_the_next_one_back(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "Two questions")
    team.assign(lena, anna.me)
    window = await open_window(qtbot, anna)
    await opened(window, lena)
    composer = window.conversation.composer
    await until(lambda: composer.edit.isEnabled())
    for text in ("First answer", "Second answer"):
        qtbot.keyClicks(composer.edit, text)
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
        await until(lambda t=text: team.conversations[lena].messages[-1].text == t)
    assert not window.conversation.guard.notice.isVisible()


def test_presence_words_name_typists_first_and_count_crowds() -> None:
    assert presence_words([], []) == ""
    assert presence_words(["Ben"], []) == "Ben is typing…"
    assert presence_words([], ["Ben", "Carla"]) == "Ben and Carla are viewing"
    assert presence_words(["Ben"], ["Carla"]) == "Ben is typing… · Carla is viewing"
    assert presence_words([], ["Ben", "Carla", "Dana"]) == "Ben and 2 others are viewing"
