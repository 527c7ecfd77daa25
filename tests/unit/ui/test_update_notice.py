"""A newer version in the window, over the fake desk (held to the real services by
tests/contract/test_releases_contract.py): the status-bar line, the About dialog, closing the
line, and the admin's Announce dialog. The fake desks run 0.1.0."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.releases import Release
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.releases.announce_dialog import AnnounceVersionDialog
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.german import Catalog, english_left, german
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW

pytestmark = pytest.mark.asyncio

LINK = "https://example.com/switchboard/0.2.0"


def _window(qtbot: QtBot, desk: FakeDesk) -> DeskWindow:
    window = create_desk_window(desk, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window


async def test_a_newer_version_shows_one_line_and_in_the_about_dialog(
    qtbot: QtBot, ben: FakeDesk
) -> None:
    window = _window(qtbot, ben)
    notice = window.update_notice
    ben.releases.publish(Release("0.2.0", "", "Faster search"))
    await until(notice.isVisible)
    assert notice.label.text() == "Switchboard 0.2.0 is available: ask your admin"
    assert "Faster search" in notice.label.toolTip()
    about = window.show_about()
    qtbot.addWidget(about)
    assert about.release_label.isVisible()
    assert "Switchboard 0.2.0 is available" in about.release_label.text()
    assert "Faster search" in about.release_label.text()


async def test_a_later_announcement_replaces_the_earlier_and_links_to_its_download(
    qtbot: QtBot, ben: FakeDesk
) -> None:
    window = _window(qtbot, ben)
    notice = window.update_notice
    ben.releases.publish(Release("0.2.0"))
    await until(lambda: "0.2.0" in notice.label.text())
    ben.releases.publish(Release("0.3.0", LINK))
    await until(lambda: "0.3.0" in notice.label.text())
    assert f'<a href="{LINK}">Download</a>' in notice.label.text()
    assert notice.label.openExternalLinks()  # the browser downloads it, if the user clicks


async def test_a_version_not_newer_shows_nothing(qtbot: QtBot, ben: FakeDesk) -> None:
    window = _window(qtbot, ben)
    ben.releases.publish(Release("0.2.0"))
    await until(window.update_notice.isVisible)
    ben.releases.publish(Release("0.1.0"))  # the admin corrects a mistaken announcement
    await until(lambda: not window.update_notice.isVisible())
    about = window.show_about()
    qtbot.addWidget(about)
    assert not about.release_label.isVisible()


async def test_closing_the_line_hides_it_until_a_later_version(qtbot: QtBot, ben: FakeDesk) -> None:
    window = _window(qtbot, ben)
    notice = window.update_notice
    ben.releases.publish(Release("0.2.0"))
    await until(notice.isVisible)
    notice.close_button.click()
    assert not notice.isVisible()
    await until(lambda: ben.releases.dismissed == "0.2.0")
    notice.refresh()  # the next start asks again: still closed
    ben.releases.publish(Release("0.2.1"))
    await until(lambda: notice.isVisible() and "0.2.1" in notice.label.text())


async def test_only_an_admin_is_offered_the_announcement(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.lists.admins.add(anna.me)
    assert not _window(qtbot, ben).announce_action.isVisible()
    window = _window(qtbot, anna)
    action = window.announce_action
    assert action.isVisible()
    assert action.text() == "Announce a new &version…"  # reachable with the keyboard
    action.trigger()
    dialog = await _announce_dialog()
    dialog.version.setText("0.2.0")
    dialog.url.setText("http://example.com/plain")
    dialog.announce_button.click()
    assert dialog.problem.text() == "The link must start with https:// and contain no spaces."
    assert team.lists.releases == []
    dialog.url.setText(LINK)
    dialog.note.setText("Faster search")
    dialog.announce_button.click()
    await until(lambda: team.lists.releases == [Release("0.2.0", LINK, "Faster search")])
    await until(lambda: _shown_dialogs() == [])  # closed (and deleted) once announced


async def test_the_line_the_about_dialog_and_the_announcement_speak_german(
    qtbot: QtBot, tmp_path: Path, team: FakeTeam, anna: FakeDesk
) -> None:
    team.lists.admins.add(anna.me)
    with german(tmp_path / "cache"):
        window = _window(qtbot, anna)
        anna.releases.publish(Release("0.2.0", LINK, "Schnellere Suche"))
        await until(window.update_notice.isVisible)
        assert window.update_notice.label.text().startswith("Switchboard 0.2.0 ist verfügbar: <a")
        about = window.show_about()
        qtbot.addWidget(about)
        window.announce_action.trigger()
        dialog = await _announce_dialog()
        assert dialog.windowTitle() == "Neue Version ankündigen"
        left = english_left((window.update_notice, about, dialog), Catalog.load())
        assert not left, "\n".join(left)


def _shown_dialogs() -> list[AnnounceVersionDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, AnnounceVersionDialog) and w.isVisible()
    ]


async def _announce_dialog() -> AnnounceVersionDialog:
    await until(lambda: _shown_dialogs() != [])
    return _shown_dialogs()[0]
