"""The status bar says when the team's gateway is not heard or cannot reach WhatsApp, in
English and in German, and says nothing while it runs (real widgets, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.gateway_beat import GatewayHealth, GatewayState, WhatsAppLink
from app.services.api import Changes
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.wording import clock_time
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio

SILENT = GatewayHealth(GatewayState.NOT_HEARD, last_heard=None)


async def open_window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: desk.team.now)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: not window.queue.current_model.busy)
    return window


def show(team: FakeTeam, desk: FakeDesk, health: GatewayHealth) -> None:
    desk.gateway = health
    team.publish(Changes(gateway_changed=True))


@pytest.fixture
def in_german(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    with german(tmp_path / "cache"):
        yield


async def test_a_gateway_not_heard_is_shown_with_since_when_and_hidden_once_it_runs(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    view = window.gateway
    assert not view.isVisible()

    last = team.now - 300
    show(team, anna, GatewayHealth(GatewayState.NOT_HEARD, last_heard=last))
    await until(view.isVisible)
    assert view.text() == (
        f"WhatsApp link down: no word from the gateway since {clock_time(int(last))}"
    )
    assert "Replies wait and go out by themselves" in view.toolTip()
    assert view.accessibleName() == view.text()

    show(team, anna, GatewayHealth(GatewayState.RUNNING, waiting_sends=2))
    await until(lambda: not view.isVisible())
    show(team, anna, GatewayHealth(GatewayState.UNKNOWN))
    show(team, anna, SILENT)
    await until(view.isVisible)
    assert view.text().endswith("since this desk started")


async def test_whatsapp_out_of_reach_says_why_and_what_waits(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    view = window.gateway

    since = team.now - 60
    show(
        team,
        anna,
        GatewayHealth(
            GatewayState.CANNOT_REACH_WHATSAPP,
            link=WhatsAppLink.NO_ANSWER,
            link_since=since,
            waiting_sends=3,
        ),
    )
    await until(view.isVisible)
    assert view.text() == (
        f"WhatsApp link down: the gateway cannot reach WhatsApp since {clock_time(int(since))}"
    )
    assert view.toolTip().endswith("Replies waiting at the gateway: 3.")

    show(
        team,
        anna,
        GatewayHealth(GatewayState.CANNOT_REACH_WHATSAPP, link=WhatsAppLink.REFUSED),
    )
    await until(lambda: "refuses" in view.text())
    assert view.text() == "WhatsApp refuses the gateway: an administrator must renew its access"
    assert "Connect the number" in view.toolTip()


@pytest.mark.usefixtures("in_german")
async def test_the_gateway_warning_speaks_german(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    view = window.gateway

    show(team, anna, SILENT)
    await until(view.isVisible)
    assert view.text() == (
        "WhatsApp-Verbindung unterbrochen: kein Lebenszeichen vom Gateway, "
        "seit dieser Arbeitsplatz läuft"
    )
    assert "Antworten warten" in view.toolTip()
    catalog = Catalog.load()
    for health in (
        GatewayHealth(GatewayState.NOT_HEARD, last_heard=team.now - 10),
        GatewayHealth(
            GatewayState.CANNOT_REACH_WHATSAPP, None, WhatsAppLink.NO_ANSWER, team.now - 10, 0, 2
        ),
        GatewayHealth(GatewayState.CANNOT_REACH_WHATSAPP, None, WhatsAppLink.REFUSED, team.now),
    ):
        view.show_health(health)
        assert not english_left([view], catalog), view.text()
