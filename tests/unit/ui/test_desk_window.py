"""DeskWindow flows: claim (and losing the race), reply, keyboard map, header state."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.errors import NoteRefused
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, HubIntegrity, HubState, LocalStoreState, QueueView
from app.services.api import Changes
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


async def open_window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: desk.team.now)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: not window.queue.current_model.busy)
    return window


async def open_conversation(window: DeskWindow, cid: ConversationId) -> None:
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane._detail is not None and pane.model is not None and not pane.model.busy)


def press(window: DeskWindow, keys: str) -> None:
    for action in window.actions():
        if action.shortcut() == QKeySequence(keys):
            action.trigger()
            return
    raise AssertionError(f"no action for {keys}")


@pytest.mark.asyncio
async def test_title_header_and_hub_state(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    team.set_hub_state(HubState.CONNECTING)
    window = await open_window(qtbot, anna)
    assert window.windowTitle() == "Switchboard — Anna"
    assert window.header.hub.text() == "Connecting…"
    team.set_hub_state(HubState.ONLINE)
    assert window.header.hub.text() == "Online"
    assert window.header.hub.accessibleName() == "Hub connection: Online"
    team.set_hub_state(HubState.OFFLINE)
    assert window.header.hub.state is HubState.OFFLINE


@pytest.mark.asyncio
async def test_composer_is_disabled_until_claimed_by_me(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?", wa_id="34600111222")
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    composer, claim = window.conversation.composer, window.conversation.header.claim_button
    assert not composer.edit.isEnabled()
    assert "Claim this conversation" in composer.edit.placeholderText()
    assert claim.isEnabled()
    assert claim.text() == "Claim"
    qtbot.mouseClick(claim, Qt.MouseButton.LeftButton)
    assert not claim.isEnabled()  # in flight
    assert claim.text() == "Claiming…"
    await until(lambda: composer.edit.isEnabled())
    assert claim.text() == "Assigned to you"
    assert not claim.isEnabled()
    assert team.conversations[cid].assignee == anna.me


@pytest.mark.asyncio
async def test_losing_the_claim_race_shows_an_inline_notice(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Hello?")
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    team.claim_gate = asyncio.Event()
    ben_claim = asyncio.ensure_future(ben.claim(cid))
    await asyncio.sleep(0)  # Ben's claim is in flight first
    press(window, "Ctrl+Shift+C")
    await asyncio.sleep(0.01)
    team.claim_gate.set()
    await ben_claim
    pane = window.conversation
    await until(lambda: pane.notice.isVisible())
    assert pane.notice.text() == "Ben claimed this first"
    assert pane.header.claim_button.text() == "Assigned to Ben"
    assert not pane.header.claim_button.isEnabled()
    assert not pane.composer.edit.isEnabled()
    assert pane.composer.edit.placeholderText() == "Ben is handling this conversation"


@pytest.mark.asyncio
async def test_a_colleagues_claim_updates_the_open_conversation(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Hello?")
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    await ben.claim(cid)
    claim = window.conversation.header.claim_button
    await until(lambda: claim.text() == "Assigned to Ben")
    # It left "Unassigned": the tab follows it to "All open", and the pane stays on it.
    await until(lambda: window.queue.current_view is QueueView.ALL_OPEN)
    await until(lambda: window.queue.models[0].total == 0)
    assert window.conversation.current_conversation == cid


@pytest.mark.asyncio
async def test_enter_sends_a_reply_that_appears_as_pending(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?")
    team.assign(cid, anna.me)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    composer = window.conversation.composer
    qtbot.keyClicks(composer.edit, "Yes, in M and L!")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert composer.text() == ""
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)
    assert model.index(1).data() == "Yes, in M and L!"
    assert model.index(1).data(MessageRole.STATUS) is DeliveryStatus.PENDING


@pytest.mark.asyncio
async def test_a_refused_reply_gives_the_text_back(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Hello", at=NOW - 2 * 3600)
    team.assign(cid, anna.me)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    team.now = NOW + 23 * 3600  # the window closes while the agent types
    composer = window.conversation.composer
    composer.set_text("Sorry for the wait")
    composer.submit()
    await until(lambda: composer.text() == "Sorry for the wait")
    assert "24 hours" in window.status_text.text()
    await until(lambda: not composer.edit.isEnabled())  # detail refreshed: window closed


@pytest.mark.asyncio
async def test_reply_window_countdown(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    cid = team.customer_writes("Maria", "Hello", at=NOW - 3600)
    window = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    header = window.conversation.header
    assert header.window_text() == "23 h 0 min left to reply"
    team.now = NOW + 22 * 3600 + 30 * 60
    header.refresh_window(team.now)
    assert header.window_text() == "30 min left to reply"
    team.now = NOW + 24 * 3600
    header.refresh_window(team.now)
    assert header.window_text() == "Reply window closed"


@pytest.mark.asyncio
async def test_tab_shortcuts_and_counts(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    waiting = team.customer_writes("Maria", "one")
    mine = team.customer_writes("Jonas", "two")
    team.assign(mine, anna.me)
    team.assign(team.customer_writes("Tom", "three"), ben.me)
    window = await open_window(qtbot, anna)
    tabs = window.queue.tabs
    # The labels in full (a narrow tab shortens its name on screen, never its count).
    await until(lambda: tabs.label(0).full == "Unassigned 1" and tabs.label(2).full == "All open 3")
    assert tabs.tabText(0).endswith(" 1")
    press(window, "Ctrl+2")
    assert window.queue.current_model.view is QueueView.MINE
    await until(lambda: window.queue.current_model.rowCount() == 1)
    press(window, "Ctrl+3")
    await until(lambda: window.queue.current_model.rowCount() == 3)
    press(window, "Ctrl+1")
    press(window, "Ctrl+L")
    assert window.queue.current_list.hasFocus() or not window.isActiveWindow()
    await until(lambda: window.conversation.current_conversation == waiting)


@pytest.mark.asyncio
async def test_a_tab_shortcut_opens_what_the_tab_lists_now_not_what_it_last_showed(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "one")
    paul = team.customer_writes("Paul", "two")
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+2")
    team.assign(lena, ben.me)  # handed to Ben while Unassigned is hidden: its rows go stale
    unassigned = window.queue.models[0]
    await until(lambda: unassigned.total == 1 and unassigned.rowCount() == 2)
    press(window, "Ctrl+1")
    await until(lambda: window.conversation.detail is not None)
    assert window.queue.current_view is QueueView.UNASSIGNED
    assert window.conversation.current_conversation == paul


@pytest.mark.asyncio
async def test_a_tab_picked_while_a_conversation_loads_closes_it_unless_the_tab_lists_it(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    lena = team.customer_writes("Lena", "one")
    team.customer_writes("Paul", "two")
    team.assign(lena, ben.me)  # in All open only
    window = await open_window(qtbot, anna)
    press(window, "Ctrl+2")
    fetched: list[ConversationId] = []
    fetch = anna.conversation

    async def counted(conversation_id: ConversationId) -> object:
        detail = await fetch(conversation_id)
        fetched.append(conversation_id)
        return detail

    anna.conversation = counted  # type: ignore[method-assign]
    team.latency = 0.05
    window.open_conversation(lena)  # as from a notification: the tab follows once loaded
    window.queue.tabs.setFocus()  # not in a list: then picking a tab opens nothing itself
    window.queue.tabs.setCurrentIndex(0)  # the agent picks Unassigned meanwhile
    assert window.conversation.current_conversation is None
    await until(lambda: fetched == [lena])
    assert window.queue.current_view is QueueView.UNASSIGNED
    assert window.conversation.current_conversation is None


@pytest.mark.asyncio
@pytest.mark.qt_log_ignore("This plugin does not support.*")  # offscreen: no popup grabs
async def test_f10_opens_the_windows_menu(qtbot: QtBot, anna: FakeDesk) -> None:
    window = await open_window(qtbot, anna)
    menu = window.header.menu_button.menu()
    assert menu is not None
    shown: list[bool] = []

    def opened() -> None:
        shown.append(True)
        QTimer.singleShot(0, menu.close)  # as Escape would

    menu.aboutToShow.connect(opened)
    press(window, "F10")
    assert shown == [True]


@pytest.mark.asyncio
async def test_ctrl_q_asks_to_quit(qtbot: QtBot, anna: FakeDesk) -> None:
    window = await open_window(qtbot, anna)
    asked: list[bool] = []
    window.quit_requested.connect(lambda: asked.append(True))
    press(window, "Ctrl+Q")
    assert asked == [True]


@pytest.mark.asyncio
async def test_drafts_survive_switching_conversations(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    first = team.customer_writes("Maria", "one")
    second = team.customer_writes("Jonas", "two")
    window = await open_window(qtbot, anna)
    await open_conversation(window, first)
    window.conversation.composer.set_text("half-written")
    await open_conversation(window, second)
    assert window.conversation.composer.text() == ""
    await open_conversation(window, first)
    assert window.conversation.composer.text() == "half-written"


@pytest.mark.asyncio
async def test_each_conversation_opens_as_a_reply_unless_a_note_was_left_half_written(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    first = team.customer_writes("Maria", "one")
    second = team.customer_writes("Jonas", "two")
    third = team.customer_writes("Tom", "three")
    window = await open_window(qtbot, anna)
    mode = window.conversation.mode
    await open_conversation(window, first)
    mode.set_note_mode(True)
    window.conversation.composer.set_text("@Ben she ordered twice")
    await open_conversation(window, second)
    assert not mode.is_note_mode()
    mode.set_note_mode(True)  # switched, nothing written: the next visit is a reply again
    await open_conversation(window, third)
    assert not mode.is_note_mode()
    await open_conversation(window, second)
    assert not mode.is_note_mode()
    await open_conversation(window, first)
    assert mode.is_note_mode()
    assert window.conversation.composer.text() == "@Ben she ordered twice"


@pytest.mark.asyncio
async def test_a_refused_note_comes_back_as_a_note_even_after_leaving_and_returning(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    """Each conversation opens as a reply: words a refused note gives back must come back in
    note mode, or Enter would send the team's private words to the customer."""
    first = team.customer_writes("Maria", "one")
    second = team.customer_writes("Jonas", "two")
    window = await open_window(qtbot, anna)
    refused: list[bool] = []

    async def refuse(*_args: object) -> None:
        await asyncio.sleep(team.latency)
        refused.append(True)
        raise NoteRefused("note-too-long")

    anna.add_note = refuse  # type: ignore[method-assign]
    team.latency = 0.05
    pane = window.conversation
    await open_conversation(window, first)
    pane.mode.set_note_mode(True)
    pane.composer.set_text("@Ben she is a fraud, do not refund")
    pane.composer.submit()
    await open_conversation(window, second)  # left before the refusal came back
    await until(lambda: refused == [True])
    await open_conversation(window, first)
    assert pane.composer.text() == "@Ben she is a fraud, do not refund"
    assert pane.mode.is_note_mode()


@pytest.mark.asyncio
async def test_widgets_have_accessible_names(qtbot: QtBot, anna: FakeDesk) -> None:
    window = await open_window(qtbot, anna)
    names = {
        window.queue.tabs.accessibleName(),
        window.queue.current_list.accessibleName(),
        window.conversation.view.accessibleName(),
        window.conversation.composer.edit.accessibleName(),
        window.conversation.composer.send_button.accessibleName(),
        window.conversation.header.claim_button.accessibleName(),
    }
    assert "" not in names
    assert QApplication.instance() is not None


@pytest.mark.asyncio
async def test_the_status_bar_says_when_the_hub_altered_the_log(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    view = window.hub_integrity
    assert not view.isVisible()
    anna.integrity = HubIntegrity(forged=2, withheld=1)
    team.publish(Changes(hub_integrity_changed=True))
    await until(view.isVisible)
    assert view.text() == "The hub altered the team log"
    assert view.toolTip() == "2 forged or misplaced records refused\n1 events withheld"
    anna.integrity = HubIntegrity(forged=2, withheld=1, chain_invalid="link at stream seq 9")
    team.publish(Changes(hub_integrity_changed=True))
    await until(lambda: view.text() == "Team chain invalid: sending stopped")
    assert view.accessibleName() == view.text()


@pytest.mark.asyncio
async def test_the_status_bar_says_when_the_local_store_fails_and_when_it_is_fine_again(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    view = window.local_store
    assert not view.isVisible()
    anna.store_state = LocalStoreState.FAILING
    team.publish(Changes(local_store_changed=True))
    await until(view.isVisible)
    assert view.text() == "Cannot save on this computer: syncing and sending wait"
    assert "Free some space" in view.toolTip()
    anna.store_state = LocalStoreState.OK
    team.publish(Changes(local_store_changed=True))
    await until(lambda: not view.isVisible())
    anna.store_state = LocalStoreState.DAMAGED
    team.publish(Changes(local_store_changed=True))
    await until(view.isVisible)
    assert view.text() == "This desk's local store is damaged"
    assert view.accessibleName() == view.text()
