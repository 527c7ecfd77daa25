"""Issue 9, fault 4: the header says when the hub cannot save, not *Online*.

The states themselves come from a running team in tests/faults/test_hub_health_on_desks.py;
this checks what the window makes of them, in English and German.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.model import HubState
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.theme import COLORS
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.german import german
from tests.helpers.wait import until

NOW = 1_773_331_200


async def _window(qtbot: QtBot, team: FakeTeam) -> DeskWindow:
    desk = team.desk("Anna")
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: not window.queue.current_model.busy)
    return window


@pytest.mark.asyncio
async def test_the_header_says_the_hub_cannot_save_and_online_once_it_can(qtbot: QtBot) -> None:
    team = FakeTeam(now=NOW)
    window = await _window(qtbot, team)
    team.set_hub_state(HubState.CANNOT_STORE)
    hub = window.header.hub
    assert hub.text() == "Hub cannot save"
    assert "wait in the outbox" in hub.toolTip()
    assert hub._dot._color.name().lower() == COLORS.warning.lower()
    team.set_hub_state(HubState.ONLINE)
    assert hub.text() == "Online"


@pytest.mark.asyncio
async def test_the_cannot_save_state_is_said_in_german(qtbot: QtBot, tmp_path: Path) -> None:
    team = FakeTeam(now=NOW)
    with german(tmp_path):
        window = await _window(qtbot, team)
        team.set_hub_state(HubState.CANNOT_STORE)
        assert window.header.hub.text() == "Hub kann nicht speichern"
        assert "Postausgang" in window.header.hub.toolTip()
