"""The team windows hold at 800 pixels wide, also with German-length words.

A pseudo-translation makes every word about half as long again (`tests/helpers/long_words.py`);
each window must still fit 800 pixels without squeezing anything below its size hint, and word-
wrapped text must get the height it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.crypto.enroll.sas import Sas
from app.domain.model import Role
from app.services.team_api import CloudApiSettings, Invite
from app.ui.team.first_run_window import FirstRunWindow
from app.ui.team.invite_dialog import InviteDialog
from app.ui.team.number_panel import NumberPanel
from app.ui.team.passphrase_dialog import PassphraseDialog, PassphraseMode
from app.ui.team.sas_panel import SasPanel
from app.ui.team.team_panel import TeamPanel
from app.ui.theme import apply_theme
from tests.helpers import long_words
from tests.helpers.fake_team import HUB, make_code
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world

WIDTH = 800
LONGEST_NAMES = Sas((25, 61, 41, 36, 14, 49, 44), (1000, 1000, 1000))
"""Strawberry, Headphones, Light Bulb, Thumbs Up, Butterfly, Telephone, Paperclip."""


@pytest.fixture(params=[False, True], ids=["english", "long-words"])
def long(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    apply_theme(qapp)
    translator = long_words.install() if request.param else None
    yield bool(request.param)
    if translator is not None:
        long_words.remove(translator)


def assert_fits(widget: QWidget) -> None:
    """At WIDTH, nothing is squeezed: buttons and one-line labels get their size hint, and
    wrapped labels the height their text needs."""
    assert widget.minimumSizeHint().width() <= WIDTH, widget.minimumSizeHint()
    for child in widget.findChildren(QWidget):
        if not child.isVisible() or child.window() is not widget.window():
            continue
        if isinstance(child, QAbstractButton):
            assert child.width() >= child.sizeHint().width(), child.text()
        elif isinstance(child, QLabel) and child.text():
            if child.wordWrap():
                assert child.height() >= child.heightForWidth(child.width()), child.text()
            else:
                assert child.width() >= child.minimumSizeHint().width(), child.text()


async def shown(qtbot: QtBot, widget: QWidget, height: int = 900) -> None:
    qtbot.addWidget(widget)
    widget.resize(WIDTH, height)
    widget.show()
    await until(lambda: widget.isVisible())


def first_run_pages(window: FirstRunWindow) -> list[Callable[[], None]]:
    def create() -> None:
        window.show_create()
        window.create_page.server.setChecked(True)

    def join() -> None:
        window.show_join()
        window.join_page.code.set_code(make_code("layout")[:9])

    def sas() -> None:
        window.sas.panel.set_sas(LONGEST_NAMES)
        window.pages.setCurrentWidget(window.sas)

    return [window.show_choice, create, join, sas]


@pytest.mark.asyncio
async def test_first_run_pages_fit(qtbot: QtBot, long: bool) -> None:
    window = FirstRunWindow(team_world().setup())
    await shown(qtbot, window, 620)
    for show_page in first_run_pages(window):
        show_page()
        page = window.pages.currentWidget()
        assert page is not None
        await until(page.isVisible)
        assert_fits(window)


@pytest.mark.asyncio
async def test_sas_panel_with_the_longest_names_fits(qtbot: QtBot, long: bool) -> None:
    panel = SasPanel()
    panel.set_sas(LONGEST_NAMES)
    await shown(qtbot, panel, 300)
    assert_fits(panel)


@pytest.mark.asyncio
async def test_invite_dialog_fits(qtbot: QtBot, long: bool) -> None:
    world = team_world()
    dialog = InviteDialog(world.admin("Anna Schmidt"), clock)
    await shown(qtbot, dialog, 520)
    assert_fits(dialog)
    invite = Invite(make_code("i"), f"switchboard:join?hub={HUB}&code=X", Role.ADMIN, 1)
    dialog.invite = invite
    dialog.code_page.show_invite(invite, int(clock()))
    dialog.pages.setCurrentWidget(dialog.code_page)
    await until(lambda: dialog.code_page.isVisible())
    assert_fits(dialog)


@pytest.mark.asyncio
async def test_team_and_number_panels_fit(qtbot: QtBot, long: bool) -> None:
    world = team_world()
    team = TeamPanel(world.admin("Anna Schmidt"), clock)
    await shown(qtbot, team, 500)
    await until(lambda: team.tree.topLevelItemCount() == 3)
    assert_fits(team)
    name_column = team.tree.columnWidth(0)
    assert name_column >= team.tree.fontMetrics().horizontalAdvance("Anna Schmidt (you)")
    await world.admin("Anna Schmidt").connect_number(CloudApiSettings("1", "2", "t", "s"))
    world.meta_calls_webhook()
    number = NumberPanel(world.admin("Anna Schmidt"), clock)
    await shown(qtbot, number, 900)
    await until(lambda: number.loaded > 0)
    assert_fits(number)


@pytest.mark.asyncio
async def test_passphrase_dialog_fits(qtbot: QtBot, long: bool) -> None:
    dialog = PassphraseDialog(PassphraseMode.CREATE)
    dialog.first.setText("horse staple")
    await shown(qtbot, dialog, 360)
    assert_fits(dialog)
