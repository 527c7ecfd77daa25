"""A customer's edit and deletion on the screen: "edited" beside the time, the earlier versions
on request (context menu or the menu key), and a tombstone for a deleted message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.domain.content import ContentKind, Deleted, Text
from app.domain.ids import ConversationId, EventId
from app.ui.app import create_desk_window
from app.ui.content_text import describe
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.widgets.bubble_content import Bubble
from app.ui.widgets.versions_dialog import VersionsDialog
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


def thread(team: FakeTeam, anna: FakeDesk) -> tuple[ConversationId, EventId, EventId]:
    cid = team.customer_sends("Lena", Text("Is my order shipped?"), at=NOW - 600)
    team.assign(cid, anna.me)
    team.customer_sends("Lena", Text("my card number is 1234"), at=NOW - 500)
    first, second = (m.event_id for m in team.conversations[cid].messages)
    return cid, first, second


async def opened(qtbot: QtBot, desk: FakeDesk, cid: ConversationId) -> DeskWindow:
    window = create_desk_window(desk, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 2)
    return window


@pytest.fixture
def menus(monkeypatch: pytest.MonkeyPatch) -> list[QMenu]:
    """The context menus the view would pop up (offscreen Qt warns on a real popup)."""
    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    return shown


@pytest.mark.asyncio
async def test_an_edited_message_says_so_and_shows_its_versions(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, menus: list[QMenu]
) -> None:
    cid, first, _ = thread(team, anna)
    window = await opened(qtbot, anna, cid)
    model, view = window.conversation.model, window.conversation.view
    assert model is not None
    assert not Bubble.read(model.index(0)).footer.startswith("edited")
    team.customer_edits(first, Text("Is my parcel shipped yet?"), NOW - 550)
    await until(lambda: model.index(0).data(MessageRole.EDITED) is True)
    bubble = Bubble.read(model.index(0))
    assert bubble.footer.startswith("edited ")
    assert bubble.text == "Is my parcel shipped yet?"
    assert "Edited by the customer" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    # The keyboard reaches the versions: select the bubble, the menu key opens its menu.
    view.setFocus()
    view.setCurrentIndex(model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Menu)
    [menu] = menus
    [action] = [a for a in menu.actions() if a.text() == "Show earlier versions…"]
    action.trigger()
    dialogs = lambda: window.findChildren(VersionsDialog)  # noqa: E731
    await until(lambda: len(dialogs()) == 1 and dialogs()[0].isVisible())
    versions = dialogs()[0].versions
    assert versions.count() == 2
    assert "Is my order shipped?" in versions.item(0).text()
    assert "Is my parcel shipped yet?" in versions.item(1).text()
    assert "shown now" in versions.item(1).text()


@pytest.mark.asyncio
async def test_a_deleted_message_is_a_tombstone_without_versions(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, menus: list[QMenu]
) -> None:
    cid, _, second = thread(team, anna)
    window = await opened(qtbot, anna, cid)
    model, view = window.conversation.model, window.conversation.view
    assert model is not None
    team.customer_deletes(second)
    await until(lambda: model.index(1).data(MessageRole.KIND) is ContentKind.DELETED)
    assert model.index(1).data(MessageRole.TEXT) == ""
    assert describe(Deleted(), "").placeholder == "Deleted by the customer"
    view.setFocus()
    view.setCurrentIndex(model.index(1))
    qtbot.keyClick(view, Qt.Key.Key_Menu)
    [menu] = menus
    assert "Show earlier versions…" not in [a.text() for a in menu.actions()]
