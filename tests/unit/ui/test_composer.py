"""Composer: Enter sends and clears, Shift+Enter breaks the line, limits and disabled states."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui.widgets.composer import COUNTER_FROM, MAX_CHARS, Composer


@pytest.fixture
def composer(qtbot: QtBot) -> Composer:
    widget = Composer()
    qtbot.addWidget(widget)
    widget.set_allowed(True, "Write a reply")
    widget.show()
    return widget


def sent(composer: Composer) -> list[str]:
    out: list[str] = []
    composer.send_requested.connect(out.append)
    return out


def test_enter_sends_the_stripped_text_and_clears(qtbot: QtBot, composer: Composer) -> None:
    out = sent(composer)
    qtbot.keyClicks(composer.edit, "  hello there ")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert out == ["hello there"]
    assert composer.text() == ""


def test_shift_enter_adds_a_line_instead(qtbot: QtBot, composer: Composer) -> None:
    out = sent(composer)
    qtbot.keyClicks(composer.edit, "one")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.edit, "two")
    assert out == []
    qtbot.keyClick(composer.edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert out == ["one\ntwo"]


def test_send_button_sends(qtbot: QtBot, composer: Composer) -> None:
    out = sent(composer)
    assert not composer.send_button.isEnabled()  # nothing to send yet
    qtbot.keyClicks(composer.edit, "via button")
    assert composer.send_button.isEnabled()
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert out == ["via button"]


def test_blank_text_is_not_sent(qtbot: QtBot, composer: Composer) -> None:
    out = sent(composer)
    composer.set_text("   \n  ")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert out == []


def test_disabled_composer_explains_and_sends_nothing(qtbot: QtBot, composer: Composer) -> None:
    out = sent(composer)
    composer.set_text("draft")
    composer.set_allowed(False, "Claim this conversation to reply")
    assert not composer.edit.isEnabled()
    assert not composer.send_button.isEnabled()
    assert composer.edit.placeholderText() == "Claim this conversation to reply"
    composer.submit()
    assert out == []
    assert composer.text() == "draft"


def test_counter_appears_near_the_limit_and_blocks_overlong_text(composer: Composer) -> None:
    out = sent(composer)
    counter = composer.findChild(QLabel, "Counter")
    assert counter is not None
    composer.set_text("x" * (COUNTER_FROM - 1))
    assert not counter.isVisible()
    composer.set_text("x" * COUNTER_FROM)
    assert counter.isVisible()
    assert counter.property("over") is False
    composer.set_text("x" * (MAX_CHARS + 1))
    assert counter.property("over") is True
    assert counter.text().replace(",", "").startswith("4097 /")
    assert not composer.send_button.isEnabled()
    composer.submit()
    assert out == []


def test_box_grows_with_lines_up_to_a_limit(composer: Composer) -> None:
    one_line = composer.edit.height()
    composer.set_text("a\nb\nc")
    three_lines = composer.edit.height()
    composer.set_text("\n".join("x" * 20))
    many_lines = composer.edit.height()
    assert one_line < three_lines < many_lines
    composer.set_text("\n".join("y" * 40))
    assert composer.edit.height() == many_lines
