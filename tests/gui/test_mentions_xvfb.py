"""The @mention list in a private note, driven by the keyboard on a real X server.

Only a real window system raises the list as a popup that takes the keys (the offscreen
platform cannot), and that is where Enter used to post the half-typed note instead of picking
the highlighted name, and Tab moved the focus out of the box.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.model import Direction
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from tests.gui.scene import build_scene
from tests.gui.test_window_xvfb import pytestmark as xvfb_marks
from tests.gui.test_window_xvfb import xcb_app  # noqa: F401  (a fixture)
from tests.helpers.wait import until

pytestmark = xvfb_marks


def press(qtbot: QtBot, key: Qt.Key) -> None:
    """A key as X delivers it: to the open popup if there is one, else to the focus."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


async def note_box(qtbot: QtBot) -> DeskWindow:
    scene = build_scene(int(time.time()))
    window = create_desk_window(scene.anna, business_name="Nordlicht")
    qtbot.addWidget(window)
    window.setGeometry(0, 0, 1200, 760)
    window.show()
    window.activateWindow()
    window.open_conversation(scene.showcase)
    pane = window.conversation
    await until(lambda: pane.detail is not None, timeout=5)
    pane.mode.set_note_mode(True)
    pane.composer.edit.setFocus()
    await until(pane.composer.edit.hasFocus, timeout=5)
    return window


def notes(window: DeskWindow) -> int:
    model = window.conversation.model
    assert model is not None
    rows = (model.index(r) for r in range(model.rowCount()))
    return sum(1 for i in rows if i.data(MessageRole.DIRECTION) is Direction.NOTE)


@pytest.mark.asyncio
@pytest.mark.usefixtures("xcb_app")
async def test_enter_and_tab_pick_the_highlighted_name_and_escape_closes_the_list(
    qtbot: QtBot,
) -> None:
    window = await note_box(qtbot)
    pane = window.conversation
    popup = pane.mentions.completer.popup()
    notes_before = notes(window)

    qtbot.keyClicks(pane.composer.edit, "please check @B")
    await until(popup.isVisible, timeout=5)
    press(qtbot, Qt.Key.Key_Return)
    assert pane.composer.text() == "please check @Ben Okafor "
    assert not popup.isVisible()

    qtbot.keyClicks(pane.composer.edit, "and @B")
    await until(popup.isVisible, timeout=5)
    press(qtbot, Qt.Key.Key_Tab)
    assert pane.composer.text() == "please check @Ben Okafor and @Ben Okafor "
    assert pane.composer.edit.hasFocus()

    qtbot.keyClicks(pane.composer.edit, "@B")
    await until(popup.isVisible, timeout=5)
    press(qtbot, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert pane.composer.text().endswith("@Ben Okafor @B")
    assert notes(window) == notes_before  # nothing was posted along the way
