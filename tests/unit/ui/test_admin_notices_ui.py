"""Admins' notices on the desk: the list (newest first, Meta's words, read once opened), the
menu entry's unread count, and banners for serious news only (issue 10 item 7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.domain.admin_notice import AdminNotice, NoticeTopic
from app.ui.app import create_desk_window
from app.ui.team.notice_watch import AdminNoticeWatch
from app.ui.team.notices_panel import NoticesPanel
from tests.helpers.fake_desk import FakeDesk
from tests.helpers.fake_team import FakeTeamWorld
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW
from tests.unit.ui.team_helpers import clock, team_world

REJECTED = AdminNotice(
    NoticeTopic.TEMPLATE_STATUS,
    "REJECTED",
    "spring_offer",
    "de",
    reason="INCORRECT_CATEGORY",
    detail="Discount wording in a utility template.",
    advice="Resubmit as MARKETING.",
    at=NOW - 600,
)
APPROVED = AdminNotice(NoticeTopic.TEMPLATE_STATUS, "APPROVED", "order_update", "en_US", at=NOW)
FLAGGED = AdminNotice(
    NoticeTopic.NUMBER_QUALITY, "FLAGGED", "4930555000", current="TIER_10K", at=NOW
)


async def panel_for(qtbot: QtBot, world: FakeTeamWorld, name: str) -> NoticesPanel:
    panel = NoticesPanel(world.admin(name))
    qtbot.addWidget(panel)
    panel.resize(680, 560)
    panel.show()
    await until(lambda: panel.loaded > 0 or panel.error.isVisible())
    return panel


@pytest.mark.asyncio
async def test_the_list_says_what_meta_said_newest_first_and_opening_reads_it(
    qtbot: QtBot,
) -> None:
    world = team_world()
    world.meta_tells_admins(REJECTED, APPROVED)
    panel = await panel_for(qtbot, world, "Anna Schmidt")
    first, second = panel.texts()
    assert first.startswith("Template order_update (en_US) was approved (new)")
    assert second.splitlines()[:4] == [
        "Template spring_offer (de) was rejected (new)",
        "Reason: INCORRECT_CATEGORY",
        "Meta says: Discount wording in a utility template.",
        "Meta recommends: Resubmit as MARKETING.",
    ]
    assert panel.list.item(0).font().bold()  # unread when the list opened
    assert await world.admin("Anna Schmidt").unread_admin_notices() == 0
    world.meta_tells_admins(FLAGGED)
    await until(lambda: panel.list.count() == 3)
    assert panel.texts()[0].startswith("The number was flagged for low quality (new)")
    assert not panel.texts()[1].startswith("Template order_update (en_US) was approved (new)")
    assert panel.list.item(0).font().bold()
    assert not panel.list.item(1).font().bold()


@pytest.mark.asyncio
async def test_members_are_not_shown_the_notices(qtbot: QtBot) -> None:
    world = team_world()
    world.meta_tells_admins(REJECTED)
    panel = await panel_for(qtbot, world, "Ben Okafor")
    assert panel.error.text() == "Only admins see Meta's notices."
    assert panel.list.isHidden()


def watch_for(
    qtbot: QtBot, world: FakeTeamWorld, name: str
) -> tuple[AdminNoticeWatch, list[tuple[str, str]]]:
    banners: list[tuple[str, str]] = []
    action = QAction("Notices")
    watch = AdminNoticeWatch(world.admin(name), action, lambda t, b: banners.append((t, b)), clock)
    action.setParent(watch)
    return watch, banners


@pytest.mark.asyncio
async def test_the_menu_counts_unread_notices_and_only_serious_news_makes_a_banner(
    qtbot: QtBot,
) -> None:
    world = team_world()
    world.meta_tells_admins(REJECTED)  # held when the desk opened: history, no banner
    watch, banners = watch_for(qtbot, world, "Anna Schmidt")
    await until(lambda: watch.loaded == 1)
    assert watch.action.isVisible()
    assert watch.action.text() == "Notices from &Meta (1 unread)…"
    world.meta_tells_admins(APPROVED)  # good news: counted, no banner
    await until(lambda: watch.loaded == 2)
    assert watch.action.text() == "Notices from &Meta (2 unread)…"
    old = AdminNotice(NoticeTopic.ACCOUNT, "ACCOUNT_RESTRICTION", at=NOW - 3 * 24 * 3600)
    world.meta_tells_admins(FLAGGED, old)  # the restriction is days old: a catch-up
    await until(lambda: watch.loaded == 3)
    assert banners == [("The number was flagged for low quality", "")]
    await world.admin("Anna Schmidt").mark_admin_notices_read(10_000)
    world.notify_notices()
    await until(lambda: watch.loaded == 4)
    assert watch.action.text() == "Notices from &Meta…"


@pytest.mark.asyncio
async def test_members_have_no_notices_entry(qtbot: QtBot) -> None:
    world = team_world()
    watch, banners = watch_for(qtbot, world, "Ben Okafor")
    world.meta_tells_admins(FLAGGED)
    await until(lambda: watch.loaded == 2)
    assert not watch.action.isVisible()
    assert banners == []


@pytest.mark.asyncio
async def test_a_serious_notice_reaches_an_admins_desk_as_a_banner_that_opens_no_conversation(
    qtbot: QtBot, anna: FakeDesk
) -> None:
    world = team_world()
    window = create_desk_window(
        anna, business_name="Nordlicht", clock=clock, team=world.admin("Anna Schmidt")
    )
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.notice_watch.loaded == 1)
    assert window.notice_watch.action.text() == "Notices from &Meta…"
    toast = window.notifications.toast  # offscreen has no tray: the toast stands in
    world.meta_tells_admins(FLAGGED)
    await until(toast.isVisible)
    assert toast.title.text() == "The number was flagged for low quality"
    assert window.notice_watch.action.text() == "Notices from &Meta (1 unread)…"
    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    assert window.conversation.current_conversation is None
    window.notifications.dnd_action.setChecked(True)
    world.meta_tells_admins(REJECTED)
    await until(lambda: window.notice_watch.loaded == 3)
    assert not toast.isVisible()  # do not disturb
