"""The window header shows the business exactly as customers see it (cloud-api.md §9), and the
conversation header marks customers who stopped marketing messages."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.log.events import NumberStatus
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.theme import COLORS
from app.ui.widgets.business_badge import BusinessIdentity, shown_name
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

STATUS = NumberStatus(
    display_phone_number="+49 30 555000",
    verified_name="Acme Support",
    name_status="APPROVED",
    quality_rating="GREEN",
    is_official_business_account=False,
    throughput_level="STANDARD",
    messaging_limit="TIER_2K",
    at=1,
)


def status(**changes: object) -> NumberStatus:
    return dataclasses.replace(STATUS, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("oba", [True, False])
@pytest.mark.parametrize(
    ("name_status", "shown"),
    [
        ("APPROVED", "Acme Support"),
        ("AVAILABLE_WITHOUT_REVIEW", "Acme Support"),
        ("PENDING_REVIEW", "+49 30 555000"),
        ("DECLINED", "+49 30 555000"),
        ("EXPIRED", "+49 30 555000"),
        ("NONE", "+49 30 555000"),
    ],
)
def test_badge_states(qtbot: QtBot, oba: bool, name_status: str, shown: str) -> None:
    identity = BusinessIdentity("Configured Name")
    qtbot.addWidget(identity)
    identity.show()
    identity.set_status(status(name_status=name_status, is_official_business_account=oba))
    assert identity.name.full_text() == shown
    assert identity.badge.isVisible() is oba  # the blue check means OBA, nothing else
    assert identity.accessibleName() == f"Business: {shown}"
    if shown == "+49 30 555000":
        assert identity.toolTip().endswith("customers see the phone number.")
    else:
        assert identity.toolTip() == "Customers see this display name."


def test_an_approved_status_without_a_name_shows_the_number() -> None:
    assert shown_name(status(verified_name="")) == "+49 30 555000"


def test_configured_name_until_the_first_status(qtbot: QtBot) -> None:
    identity = BusinessIdentity("Nordlicht Furniture")
    qtbot.addWidget(identity)
    identity.show()
    assert identity.name.full_text() == "Nordlicht Furniture"
    assert not identity.badge.isVisible()
    assert not identity.quality.isVisible()
    assert BusinessIdentity("").name.full_text() == "Switchboard"


@pytest.mark.parametrize(
    ("rating", "words", "colour"),
    [
        ("GREEN", "High quality", COLORS.online),
        ("YELLOW", "Medium quality", COLORS.connecting),
        ("RED", "Low quality", COLORS.offline),
        ("UNKNOWN", "Quality not rated", COLORS.faint),
    ],
)
def test_quality_rating(qtbot: QtBot, rating: str, words: str, colour: str) -> None:
    identity = BusinessIdentity("x")
    qtbot.addWidget(identity)
    identity.show()
    identity.set_status(status(quality_rating=rating))
    assert identity.quality.text() == words
    assert identity.dot.color == QColor(colour)
    assert identity.dot.accessibleName() == f"Number quality: {words}"
    identity.set_compact(True)  # a narrow desk keeps the dot, its words move to the tooltip
    assert not identity.quality.isVisible()
    assert identity.dot.isVisible()
    assert identity.dot.toolTip().startswith(words)


async def open_window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.asyncio
async def test_window_header_follows_the_number_status(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = await open_window(qtbot, anna)
    business = window.header.business
    await until(lambda: "number_status" in anna.calls)
    assert business.name.full_text() == "Nordlicht"  # nothing reported yet
    team.set_number_status(status(name_status="PENDING_REVIEW"))
    await until(lambda: business.name.full_text() == "+49 30 555000")
    assert not business.badge.isVisible()
    team.set_number_status(status(is_official_business_account=True, quality_rating="RED"))
    await until(lambda: business.name.full_text() == "Acme Support")
    assert business.badge.isVisible()
    assert business.quality.text() == "Low quality"


@pytest.mark.asyncio
async def test_status_known_before_the_window_opens(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.set_number_status(status(is_official_business_account=True))
    window = await open_window(qtbot, anna)
    await until(lambda: window.header.business.name.full_text() == "Acme Support")
    assert window.header.business.badge.isVisible()


@pytest.mark.asyncio
async def test_opted_out_customer_is_marked(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> None:
    cid = team.customer_writes("Sofia", "hi", wa_id="393331234567", at=NOW - 60)
    window = await open_window(qtbot, anna)
    window.open_conversation(cid)
    header = window.conversation.header
    await until(lambda: header.name_text() == "Sofia")
    assert not header.opt_out.isVisible()
    team.set_opt_out(cid, True)
    await until(lambda: header.opt_out.isVisible())
    assert header.opt_out.text() == "No marketing"
    assert header.opt_out.accessibleName() == "Opted out of marketing messages"
    team.set_opt_out(cid, False)
    await until(lambda: not header.opt_out.isVisible())
