"""German words are long: the desk still shows every tab, button and notice in full, two desks
side by side on a 1280-pixel screen (640 each) and one wide desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.i18n.language import LanguageSetting
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.german import german
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


@pytest.fixture
def in_german(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    setting = LanguageSetting(tmp_path / "desk.ini")
    monkeypatch.setattr(LanguageSetting, "for_user", classmethod(lambda cls: setting))
    with german(tmp_path / "cache"):
        yield


async def shown(qtbot: QtBot, desk: FakeDesk, width: int) -> DeskWindow:
    team = desk.team
    for i, name in enumerate(["Priya Natarajan", "Jonas Weber", "Maria López", "Chen Wei"]):
        team.customer_writes(
            name, "Eine Frage, die lang genug ist, um gekürzt zu werden", at=NOW - i
        )
    cid = team.customer_writes("Sofia Rossi", "Hallo", wa_id="393331234567", at=NOW - 600)
    team.assign(cid, desk.me)
    window = create_desk_window(desk, business_name="Nordlicht Möbel", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    window.open_conversation(cid)
    header = window.conversation.header
    await until(lambda: header.claim_button.text() == "Ihnen zugewiesen")
    await until(lambda: window.queue.tabs.label(2).full == "Offen 5")
    return window


@pytest.mark.parametrize("width", [640, 1200])
@pytest.mark.asyncio
@pytest.mark.usefixtures("in_german")
async def test_nothing_is_clipped_in_german(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, width: int
) -> None:
    window = await shown(qtbot, anna, width)
    tabs = window.queue.tabs
    for i in range(tabs.count()):
        assert tabs.tabRect(i).width() >= tabs.tabSizeHint(i).width(), tabs.tabText(i)
        assert tabs.tabRect(i).right() <= tabs.width(), tabs.tabText(i)
    header = window.conversation.header
    expected = "noch 23 h 50 min" if width < 700 else "Antwortfrist: 23 h 50 min"
    assert header.window_text() == expected
    assert header._window.text() == expected  # neither elided nor squeezed away
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.sizeHint().width(), button.text()
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= min(label.minimumSizeHint().width(), label.maximumWidth()), (
                label.text()
            )
    edit = window.conversation.composer.edit
    lines = edit.fontMetrics().boundingRect(
        QRect(0, 0, edit.viewport().width() - 8, 10_000),
        Qt.TextFlag.TextWordWrap,
        edit.placeholderText(),
    )
    assert edit.viewport().height() >= lines.height() - 2  # the placeholder is readable
