"""A reply typed on the business's phone (a coexistence echo) on the screen: an outbound
bubble that says it came from the phone, not from an agent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.content import Text
from app.ui.app import create_desk_window
from app.ui.models.conversation_model import MessageRole
from app.ui.widgets.bubble_content import Bubble
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


@pytest.mark.asyncio
async def test_a_phone_reply_says_it_came_from_the_phone(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_sends("Lena", Text("Is my order shipped?"), at=NOW - 600)
    team.assign(cid, anna.me)
    team.phone_sent(cid, Text("Yes, it left today"), at=NOW - 500)
    team.agent_sent(cid, anna.me, "Here is the tracking link", at=NOW - 400)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.open_conversation(cid)
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == 3)
    phone, agent = Bubble.read(model.index(1)), Bubble.read(model.index(2))
    assert phone.outbound
    assert phone.author == "From the phone"
    assert agent.author not in ("", "From the phone")  # the agent's own name
    tip = model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Sent from the WhatsApp Business app on the phone")
    assert model.index(2).data(MessageRole.AUTHOR_NAME) == agent.author
