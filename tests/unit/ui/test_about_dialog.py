"""Help → About Switchboard: reachable from the desk's menu, it names the installed version."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.system.version import app_version
from app.ui.about_dialog import AboutDialog
from app.ui.app import create_desk_window
from tests.helpers.fake_desk import FakeDesk
from tests.helpers.wait import until


def test_the_dialog_names_the_version(qtbot: QtBot) -> None:
    dialog = AboutDialog(version="9.8.7")
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == "Version 9.8.7"


def test_without_a_version_it_reads_the_installed_one(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert app_version() != "unknown"  # the test run imports an installed package
    assert dialog.version_label.text() == f"Version {app_version()}"


@pytest.mark.asyncio
async def test_the_header_menu_opens_it(qtbot: QtBot, anna: FakeDesk) -> None:
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: anna.team.now)
    qtbot.addWidget(window)
    window.show()
    menu = window.header.menu_button.menu()
    about = next(a for a in menu.actions() if a.text() == "&About Switchboard")
    about.trigger()
    await until(lambda: _about_dialogs() != [])
    assert _about_dialogs()[0].isVisible()


def _about_dialogs() -> list[AboutDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)]
