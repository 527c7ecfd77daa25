"""Issue 7, item 11: the desk's daily irritations, over the fake desk (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import StoreUnavailable
from app.domain.ids import ConversationId, EventId
from app.domain.model import ConversationDetail, DeliveryStatus, HubState, QueueView
from app.domain.send_codes import OUTBOX_GAVE_UP
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until

NOW = 1_773_331_200


@pytest.fixture
def team() -> FakeTeam:
    return FakeTeam(now=NOW)


@pytest.fixture
def anna(team: FakeTeam) -> FakeDesk:
    return team.desk("Anna")


@pytest.fixture
def ben(team: FakeTeam) -> FakeDesk:
    return team.desk("Ben")


async def open_window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: desk.team.now)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    await until(lambda: not window.queue.current_model.busy)
    return window


async def opened(window: DeskWindow, cid: ConversationId) -> None:
    pane = window.conversation
    await until(
        lambda: (
            pane.current_conversation == cid
            and pane._detail is not None
            and pane.model is not None
            and not pane.model.busy
        )
    )


def waiting(team: FakeTeam, count: int) -> list[ConversationId]:
    return [
        team.customer_writes(f"Customer {i}", f"question {i}", at=NOW - 1000 + i)
        for i in range(count)
    ]


@pytest.mark.asyncio
async def test_claim_keeps_the_conversation_open_with_the_composer_ready(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    first, _second, _third = waiting(team, 3)
    window = await open_window(qtbot, anna)
    window.queue.current_list.setCurrentIndex(window.queue.current_model.index(0))
    await opened(window, first)
    window.conversation.claim()
    composer = window.conversation.composer
    await until(lambda: composer.edit.isEnabled())
    await until(lambda: window.queue.tabs.currentIndex() == 1)  # followed it into Mine
    assert window.conversation.current_conversation == first
    await until(lambda: window.queue.current_list.currentIndex().row() == 0)  # selected there
    assert window.queue.current_model.conversation_id(0) == first
    await until(lambda: composer.edit.hasFocus())
    assert team.conversations[first].assignee == anna.me


def unread_on_screen(window: DeskWindow, cid: ConversationId) -> int | None:
    """The unread badge of `cid` in the visible queue list (None if the list lacks it)."""
    model = window.queue.current_model
    row = model.row_of(cid)
    return None if row is None else int(model.index(row).data(QueueRole.UNREAD) or 0)


@pytest.mark.asyncio
async def test_messages_in_the_open_conversation_never_show_as_unread(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid, _other = waiting(team, 2)
    window = await open_window(qtbot, anna)
    window.open_conversation(cid)
    await opened(window, cid)
    await until(lambda: unread_on_screen(window, cid) == 0)
    print("ACTIVE", window.isActiveWindow())
    team.customer_writes("Customer 0", "are you there?")
    team.customer_writes("Customer 0", "hello??")
    await until(
        lambda: (
            team.conversations[cid].read_upto.get(anna.me, 0)
            == team.conversations[cid].last_subject_seq
        )
    )
    await until(lambda: unread_on_screen(window, cid) == 0)


@pytest.mark.asyncio
async def test_coming_back_to_the_window_reads_what_arrived_meanwhile(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid, _other = waiting(team, 2)
    window = await open_window(qtbot, anna)
    window.open_conversation(cid)
    await opened(window, cid)
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    await until(lambda: not window.isActiveWindow())
    team.customer_writes("Customer 0", "still there?")
    await until(lambda: unread_on_screen(window, cid) == 1)  # nobody looked
    window.activateWindow()
    await until(lambda: unread_on_screen(window, cid) == 0)


class _PaintedPlaceholders(QObject):
    """Records the composer's placeholder each time its text area is painted."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.painted: list[str] = []
        edit.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(self.edit.placeholderText())
        return False


@pytest.mark.asyncio
async def test_a_colleagues_conversation_says_who_handles_it_on_screen(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid, _other = waiting(team, 2)
    await ben.claim(cid)
    window = await open_window(qtbot, anna)
    edit = window.conversation.composer.edit
    paints = _PaintedPlaceholders(edit)
    window.open_conversation(cid)
    await opened(window, cid)
    expected = "Ben is handling this conversation"
    assert edit.placeholderText() == expected
    await until(lambda: paints.painted and paints.painted[-1] == expected)
    assert not edit.isEnabled()
    assert window.conversation.header.claim_button.text() == "Assigned to Ben"


class _DetailFails(FakeDesk):
    """A desk whose replica cannot answer for a conversation's detail."""

    async def conversation(self, conversation_id: ConversationId) -> ConversationDetail | None:
        raise StoreUnavailable("the replica is locked")


@pytest.mark.asyncio
async def test_a_conversation_that_cannot_be_loaded_does_not_say_loading_forever(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid, _other = waiting(team, 2)
    broken = _DetailFails(team, anna.me)
    team.desks.append(broken)
    window = await open_window(qtbot, broken)
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: "could not be opened" in pane.composer.edit.placeholderText())
    assert pane.header.claim_button.text() != "Loading…"


@pytest.mark.asyncio
async def test_the_open_conversation_and_the_selected_tab_agree(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    waiting_one, bens, _third = waiting(team, 3)
    await ben.claim(bens)
    window = await open_window(qtbot, anna)
    queue, pane = window.queue, window.conversation
    assert queue.current_view is QueueView.UNASSIGNED
    # Opened from elsewhere: the queue switches to a tab that lists it.
    window.open_conversation(bens)
    await opened(window, bens)
    await until(lambda: queue.current_view is QueueView.ALL_OPEN)
    await until(lambda: queue.current_list.currentIndex().data(QueueRole.CONVERSATION_ID) == bens)
    # A tab that does not list it closes it; the pane is empty and nothing is selected.
    queue.show_tab(QueueView.UNASSIGNED)
    assert pane.current_conversation is None
    assert not queue.current_list.selectionModel().hasSelection()
    # A tab that lists it keeps it.
    window.open_conversation(waiting_one)
    await opened(window, waiting_one)
    queue.show_tab(QueueView.ALL_OPEN)
    assert pane.current_conversation == waiting_one
    queue.show_tab(QueueView.UNASSIGNED)
    assert pane.current_conversation == waiting_one
    # A colleague claims it: the tab follows it to where it is now listed.
    await ben.claim(waiting_one)
    await until(lambda: queue.current_view is QueueView.ALL_OPEN)
    assert pane.current_conversation == waiting_one


@pytest.mark.asyncio
async def test_the_header_says_when_the_hub_does_not_respond(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    team.set_hub_state(HubState.NOT_RESPONDING)
    assert window.header.hub.text() == "Hub not responding"
    assert "does not answer" in window.header.hub.toolTip()
    team.set_hub_state(HubState.ONLINE)
    assert window.header.hub.text() == "Online"


def _menu_of(window: DeskWindow, event_id: EventId) -> QMenu:
    """Open the context menu of a message's bubble, as a right-click does."""
    view = window.conversation.view
    model = window.conversation.model
    assert model is not None
    row = model.row_of(event_id)
    assert row is not None
    view._show_menu(view.visualRect(model.index(row)).center())
    menus = [m for m in view.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1
    return menus[0]


def _action(menu: QMenu, text: str) -> QAction | None:
    return next((a for a in menu.actions() if a.text() == text), None)


@pytest.mark.asyncio
# A popup menu asks for the keyboard, which the offscreen platform cannot give (the other two
# are the test-wide allowances of tests/conftest.py, which this marker replaces).
@pytest.mark.qt_log_ignore(
    r"This plugin does not support grabbing the keyboard",
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
)
async def test_an_unsent_reply_offers_to_send_it_again_or_discard_it(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid, _other = waiting(team, 2)
    await anna.claim(cid)
    conflict = await anna.reply(cid, "Yes, it is back")
    given_up = await anna.reply(cid, "And in blue")
    delivered = await anna.reply(cid, "Bye")
    team.set_status(conflict.event_id, DeliveryStatus.CONFLICT)
    team.set_status(given_up.event_id, DeliveryStatus.FAILED, OUTBOX_GAVE_UP)
    team.set_status(delivered.event_id, DeliveryStatus.DELIVERED)
    window = await open_window(qtbot, anna)
    window.open_conversation(cid)
    await opened(window, cid)
    model = window.conversation.model
    assert model is not None
    tip = model.index(model.row_of(given_up.event_id)).data(Qt.ItemDataRole.ToolTipRole)
    assert "could not hand the reply to the hub" in tip

    menu = _menu_of(window, delivered.event_id)
    assert _action(menu, "Send again") is None  # it went out: nothing to decide
    menu.close()

    menu = _menu_of(window, conflict.event_id)
    send_again = _action(menu, "Send again")
    assert send_again is not None
    send_again.trigger()
    menu.close()
    await until(
        lambda: (
            model.index(model.row_of(conflict.event_id)).data(MessageRole.STATUS)
            is DeliveryStatus.PENDING
        )
    )

    menu = _menu_of(window, given_up.event_id)
    discard = _action(menu, "Discard this reply")
    assert discard is not None
    discard.trigger()
    menu.close()
    await until(lambda: model.row_of(given_up.event_id) is None)
    assert all(m.event_id != given_up.event_id for m in team.conversations[cid].messages)
