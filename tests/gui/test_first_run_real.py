"""The first-run window over the real desk launcher: found a team, a colleague joins with SAS.

Real hub with logins on loopback, real keys, real replicas; the windows are the product's.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desk.launcher import DeskLauncher
from app.domain.model import Role
from app.system.keychain import MemorySecretStore
from app.ui.app import create_desk_window, create_first_run_window
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.sas_panel import digits_text
from tests.helpers.team_desks import local_launcher
from tests.helpers.wait import until

pytestmark = pytest.mark.slow


def launcher(root: Path) -> DeskLauncher:
    return local_launcher(root, MemorySecretStore())


async def shown(qtbot: QtBot, start: DeskLauncher) -> FirstRunWindow:
    await start.probe()
    window = create_first_run_window(start)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.asyncio
async def test_found_then_join_through_the_windows(qtbot: QtBot, tmp_path: Path) -> None:
    anna = launcher(tmp_path / "anna")
    ben = launcher(tmp_path / "ben")
    try:
        window = await shown(qtbot, anna)
        window.choice.create_button.click()
        window.create_page.business.setText("Nordlicht Furniture")
        window.create_page.owner.setText("Anna Schmidt")
        ready: list[str] = []
        window.team_ready.connect(lambda: ready.append("anna"))
        window.create_page.primary.click()
        await until(lambda: ready, timeout=30)
        opened = await anna.open_desk()
        desk_window = create_desk_window(
            opened.desk, business_name=opened.business_name, team=opened.team
        )
        qtbot.addWidget(desk_window)
        assert opened.business_name == "Nordlicht Furniture"

        desk = anna.desk
        assert desk is not None
        invite = await desk.invites.create(Role.MEMBER)
        joiner = await shown(qtbot, ben)
        joiner.choice.join_button.click()
        joiner.join_page.address.setText(str(anna.profile.read_config()["hub"]))
        joiner.join_page.code.set_code(str(invite.code))
        joiner.join_page.name.setText("Ben Weber")
        joiner.team_ready.connect(lambda: ready.append("ben"))
        joiner.join_page.primary.click()
        newcomer = await asyncio.wait_for(desk.invites.next_request(invite), 30)
        assert newcomer.name == "Ben Weber"
        await until(lambda: joiner.pages.currentWidget() is joiner.sas, timeout=30)
        assert joiner.sas.panel.digits.text() == digits_text(desk.invites.sas(invite))
        joiner.sas.panel.match_button.click()
        await asyncio.wait_for(desk.invites.confirm(invite), 30)
        await until(lambda: "ben" in ready, timeout=30)
        ben_opened = await ben.open_desk()
        assert ben_opened.business_name == "Nordlicht Furniture"
        assert ben_opened.desk.agent_name(opened.desk.me) == "Anna Schmidt"
    finally:
        await ben.close()
        await anna.close()
