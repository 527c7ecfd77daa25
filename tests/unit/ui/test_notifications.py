"""Notifications of a desk window: banners, what silences them, clicks, the unread count.

Banners are caught at the window's own seam (`DeskNotifications.sink`), after the routing and
the wording ran on the production path; the toast and tray sinks are tested as themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.content import Activity, ActivityKind, Note
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Direction
from app.domain.notify import Notice, NoticeKind
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.notifications.badge import badge_text, badged_icon
from app.ui.notifications.notifier import DeskNotifications, NotificationRequest, WindowHooks
from app.ui.notifications.settings import SavedSwitches
from app.ui.resources import app_icon
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import settle, until

# Offscreen Qt has no tray; asking it for one anyway says so (the tray test only). A test's
# own ignore list replaces the suite's, so the offscreen notices are repeated here.
_NO_TRAY_HERE = (
    r"No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
)


@pytest.fixture(autouse=True)
def switches_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its desks' switches in a file of its own."""
    path = tmp_path / "desk.ini"

    def for_user(cls: type[SavedSwitches], device: DeviceId) -> SavedSwitches:
        return cls(path, device)

    monkeypatch.setattr(SavedSwitches, "for_user", classmethod(for_user))
    return path


class Recorder:
    """A sink that keeps what the window asked to show."""

    def __init__(self) -> None:
        self.shown: list[NotificationRequest] = []

    def show(self, request: NotificationRequest) -> None:
        self.shown.append(request)


async def open_window(qtbot: QtBot, desk: FakeDesk) -> tuple[DeskWindow, Recorder]:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: desk.team.now)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: not window.queue.current_model.busy)
    recorder = Recorder()
    window.notifications.sink = recorder
    return window, recorder


async def look_elsewhere(qtbot: QtBot, window: DeskWindow) -> QWidget:
    """Another window takes the focus: the desk is open but not being looked at."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    await until(lambda: not window.isActiveWindow())
    return other


async def look_at(window: DeskWindow) -> None:
    window.activateWindow()
    await until(window.isActiveWindow)


async def open_conversation(window: DeskWindow, cid: ConversationId) -> None:
    window.open_conversation(cid)
    await until(lambda: window.conversation.detail is not None)


@pytest.mark.asyncio
async def test_a_customer_message_in_my_conversation_while_i_look_elsewhere(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?")
    team.assign(cid, anna.me)
    window, banners = await open_window(qtbot, anna)
    await open_conversation(window, cid)
    await look_elsewhere(qtbot, window)
    team.customer_writes("Maria", "In size M, I mean.")
    await until(lambda: len(banners.shown) == 1)
    assert banners.shown[0] == NotificationRequest(cid, "Maria", "In size M, I mean.")


@pytest.mark.asyncio
async def test_no_banner_for_the_conversation_i_am_reading(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    maria = team.customer_writes("Maria", "Is the jacket back?")
    team.assign(maria, anna.me)
    window, banners = await open_window(qtbot, anna)
    await open_conversation(window, maria)
    await look_at(window)
    team.customer_writes("Maria", "Hello?")
    lena = team.customer_writes("Lena", "Do you deliver?")  # another one: a banner
    await until(lambda: len(banners.shown) == 1)
    assert banners.shown[0].conversation_id == lena
    assert banners.shown[0].title == "New conversation: Lena"


@pytest.mark.asyncio
async def test_a_colleagues_conversation_stays_quiet(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?")
    team.assign(cid, ben.me)
    window, banners = await open_window(qtbot, anna)
    await look_elsewhere(qtbot, window)
    team.customer_writes("Maria", "Hello?")
    team.customer_writes("Lena", "Do you deliver?")
    await until(lambda: len(banners.shown) == 1)
    assert banners.shown[0].title == "New conversation: Lena"


@pytest.mark.asyncio
async def test_do_not_disturb_silences_banners_but_not_the_count(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window, banners = await open_window(qtbot, anna)
    await look_elsewhere(qtbot, window)
    switch = window.notifications.dnd_button
    assert switch.text() == "Notifications on"
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)  # the status line's switch
    assert window.notifications.settings.do_not_disturb
    assert window.notifications.dnd_action.isChecked()  # the menus show it too
    assert switch.text() == "Do not disturb"
    team.customer_writes("Maria", "Is the jacket back?")
    await until(lambda: window.windowTitle() == "(1) Switchboard — Anna")
    await settle()
    assert banners.shown == []
    window.notifications.dnd_action.trigger()  # from the menu: notifications on again
    assert not switch.isChecked()
    team.customer_writes("Lena", "Do you deliver?")
    await until(lambda: len(banners.shown) == 1)
    await until(lambda: window.windowTitle() == "(2) Switchboard — Anna")


@pytest.mark.asyncio
async def test_my_own_actions_do_not_notify_me(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?")
    window, banners = await open_window(qtbot, anna)
    await look_elsewhere(qtbot, window)
    await anna.claim(cid)
    await anna.reply(cid, "Yes, in M and L!")
    # What the services would say of a note Anna wrote naming herself, or a hand-over she made.
    for kind in (NoticeKind.MENTION, NoticeKind.ASSIGNED_TO_YOU):
        for listener in list(anna.notice_listeners):
            listener(Notice(kind, cid, actor=anna.me, target=anna.me, text="note to self"))
    team.customer_writes("Lena", "Do you deliver?")
    await until(lambda: len(banners.shown) == 1)
    assert banners.shown[0].title == "New conversation: Lena"


@pytest.mark.asyncio
async def test_the_words_can_stay_off_the_banner(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window, banners = await open_window(qtbot, anna)
    await look_elsewhere(qtbot, window)
    assert window.notifications.show_text_action.isChecked()  # on by default
    window.notifications.show_text_action.trigger()
    team.customer_writes("Maria", "My card number is 4242")
    await until(lambda: len(banners.shown) == 1)
    assert banners.shown[0].body == "New message"
    assert "4242" not in banners.shown[0].title


@pytest.mark.asyncio
async def test_the_title_counts_unread_conversations(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    window, _ = await open_window(qtbot, anna)
    assert window.windowTitle() == "Switchboard — Anna"
    maria = team.customer_writes("Maria", "Hello?")
    team.customer_writes("Maria", "Anyone?")
    await until(lambda: window.windowTitle() == "(1) Switchboard — Anna")
    lena = team.customer_writes("Lena", "Do you deliver?")
    await until(lambda: window.windowTitle() == "(2) Switchboard — Anna")
    await ben.claim(lena)  # Ben's business now, not Anna's
    await until(lambda: window.windowTitle() == "(1) Switchboard — Anna")
    await open_conversation(window, maria)  # reading marks it read
    await until(lambda: window.windowTitle() == "Switchboard — Anna")
    assert window.notifications.unread == 0


@pytest.mark.asyncio
async def test_clicking_the_toast_opens_the_conversation(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: team.now)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    notifications = window.notifications
    assert notifications.tray is None  # offscreen has no tray: the toast stands in
    await look_elsewhere(qtbot, window)
    cid = team.customer_writes("Maria", "Is the jacket back?")
    toast = notifications.toast
    await until(toast.isVisible)
    assert toast.title.text() == "New conversation: Maria"
    assert toast.body.text() == "Is the jacket back?"
    assert toast.geometry().right() <= window.width()
    pane = window.conversation  # its Send and Resolve stay free to press
    assert not toast.geometry().intersects(QRect(pane.mapTo(window, QPoint()), pane.size()))
    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    assert not toast.isVisible()
    assert window.conversation.current_conversation == cid
    await until(window.isActiveWindow)


@pytest.mark.asyncio
@pytest.mark.qt_log_ignore(*_NO_TRAY_HERE)
async def test_the_tray_shows_the_count_offers_its_menu_and_opens_a_clicked_banner(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: team.now)
    qtbot.addWidget(window)
    hooks = WindowHooks(window.open_conversation, lambda: None, window.quit_requested.emit)
    notifications = DeskNotifications(
        anna, window, hooks, business_name="Nordlicht", tray_available=True
    )
    notifications.follow(window.bridge)
    tray = notifications.tray
    assert tray is not None
    menu = [action.text() for action in tray.menu.actions() if not action.isSeparator()]
    assert menu == ["Open Switchboard", "Do not &disturb", "Quit"]
    cid = team.customer_writes("Maria", "Is the jacket back?")
    await until(lambda: notifications.unread == 1)
    assert tray.icon.toolTip() == "Switchboard — Nordlicht · Anna\n1 unread conversation"
    assert tray.icon.icon().cacheKey() != app_icon().cacheKey()  # the badge was painted on
    tray.icon.messageClicked.emit()
    assert window.conversation.current_conversation == cid
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        tray.quit_action.trigger()


def test_the_badge_says_how_many_and_stays_legible() -> None:
    assert badge_text(0) == ""
    assert badge_text(7) == "7"
    assert badge_text(99) == "99"
    assert badge_text(100) == "99+"
    base = app_icon()
    assert badged_icon(base, 0) is base
    image = badged_icon(base, 3).pixmap(32, 32).toImage()
    corner = QColor(image.pixel(29, 6))  # inside the badge, right of the digit
    assert corner.red() > 180, corner.name()
    assert corner.green() < 90, corner.name()


def test_a_badge_on_an_empty_icon_still_shows_the_count() -> None:
    image = badged_icon(QIcon(), 5).pixmap(32, 32).toImage()
    assert QColor(image.pixel(29, 6)).red() > 180


@pytest.mark.asyncio
async def test_a_mention_and_a_hand_over_in_words(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    cid = team.customer_writes("Maria", "Is the jacket back?")
    team.assign(cid, ben.me)
    window, banners = await open_window(qtbot, anna)
    await look_elsewhere(qtbot, window)
    conversation = team.conversations[cid]
    note = Note("Can you check the stock in Altona?", (anna.me,))
    team.notice_message(
        conversation, team._append(conversation, Direction.NOTE, note, ben.me, None)
    )
    line = Activity(ActivityKind.TRANSFERRED, anna.me, "She wants a call back")
    team.assign(cid, anna.me)
    team.notice_message(
        conversation, team._append(conversation, Direction.ACTIVITY, line, ben.me, None)
    )
    await until(lambda: len(banners.shown) == 2)
    assert banners.shown[0] == NotificationRequest(
        cid, "Ben mentioned you · Maria", "Can you check the stock in Altona?"
    )
    assert banners.shown[1] == NotificationRequest(
        cid, "Ben handed you a conversation", "Conversation with Maria: She wants a call back"
    )


@pytest.mark.asyncio
async def test_the_switches_are_kept_per_desk(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk, switches_file: Path
) -> None:
    window, _ = await open_window(qtbot, anna)
    window.notifications.dnd_action.trigger()
    window.notifications.show_text_action.trigger()
    window.close()
    again, _ = await open_window(qtbot, anna)
    assert again.notifications.settings.do_not_disturb
    assert not again.notifications.settings.show_text
    assert again.notifications.dnd_action.isChecked()
    assert again.notifications.dnd_button.text() == "Do not disturb"
    assert not again.notifications.show_text_action.isChecked()
    bens, _ = await open_window(qtbot, ben)  # another desk keeps its own
    assert not bens.notifications.settings.do_not_disturb
    assert bens.notifications.settings.show_text
    assert SavedSwitches(switches_file, anna.me).load() == (True, False)  # in the file
