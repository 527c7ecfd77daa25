"""Nothing is clipped: two desks side by side on a 1280-pixel screen, and one wide desk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from app.log.events import NumberStatus
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


async def shown(qtbot: QtBot, desk: FakeDesk, width: int) -> DeskWindow:
    team = desk.team
    for i, name in enumerate(["Priya Natarajan", "Jonas Weber", "Maria López", "Chen Wei"]):
        team.customer_writes(name, "A question that is long enough to be cut off", at=NOW - i)
    cid = team.customer_writes("Sofia Rossi", "Hello", wa_id="393331234567", at=NOW - 600)
    team.assign(cid, desk.me)
    window = create_desk_window(desk, business_name="Nordlicht Furniture", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    window.open_conversation(cid)
    header = window.conversation.header
    await until(lambda: header.claim_button.text() == "Assigned to you")
    await until(lambda: window.queue.tabs.label(2).full == "All open 5")
    return window


@pytest.mark.parametrize("width", [640, 1200])
@pytest.mark.asyncio
async def test_nothing_is_clipped(qtbot: QtBot, team: FakeTeam, anna: FakeDesk, width: int) -> None:
    window = await shown(qtbot, anna, width)
    claim = window.conversation.header.claim_button
    assert claim.width() >= claim.sizeHint().width()
    tabs = window.queue.tabs
    for i in range(tabs.count()):
        assert tabs.tabRect(i).width() >= tabs.tabSizeHint(i).width(), tabs.tabText(i)
        assert tabs.tabRect(i).right() <= tabs.width()
    header = window.conversation.header
    expected = "23 h 50 min left" if width < 700 else "23 h 50 min left to reply"
    assert header.window_text() == expected
    assert header._window.text() == expected  # shown in full: neither elided nor squeezed away
    assert header._identity.text() == "+393331234567"
    edit = window.conversation.composer.edit
    lines = edit.fontMetrics().boundingRect(
        QRect(0, 0, edit.viewport().width() - 8, 10_000),
        Qt.TextFlag.TextWordWrap,
        edit.placeholderText(),
    )
    assert edit.viewport().height() >= lines.height() - 2  # the placeholder is readable


@pytest.mark.parametrize("width", [640, 1200])
@pytest.mark.asyncio
async def test_badges_and_markers_fit(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, width: int
) -> None:
    team.set_number_status(
        NumberStatus("+49 30 555000", "Nordlicht Furniture", "APPROVED", "YELLOW", True, "", "", 1)
    )
    window = await shown(qtbot, anna, width)
    header = window.conversation.header
    sofia = window.conversation.current_conversation
    assert sofia is not None
    team.set_opt_out(sofia, True)
    await until(lambda: header.opt_out.isVisible())
    claim = header.claim_button
    assert claim.width() >= claim.sizeHint().width()
    assert header.opt_out.width() >= header.opt_out.sizeHint().width()
    assert header.opt_out.geometry().right() < claim.geometry().left()
    business = window.header.business
    await until(lambda: business.badge.isVisible())
    assert business.name.text() == "Nordlicht Furniture"  # the whole name, not elided
    assert business.quality.isVisible() is (width > 700)
