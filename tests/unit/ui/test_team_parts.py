"""Smaller parts of the team windows: the SAS panel, the passphrase dialog, sync progress."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.crypto.enroll.sas import Sas
from app.domain.sas import SAS_EMOJI
from app.ui.app import create_desk_window
from app.ui.team.number_panel import NumberPanel
from app.ui.team.passphrase_dialog import (
    PassphraseDialog,
    PassphraseMode,
    Strength,
    strength,
)
from app.ui.team.sas_panel import SasPanel
from app.ui.team.team_panel import TeamPanel
from app.ui.widgets.sync_progress_view import SyncProgressView
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.fake_team import FakeProfileLock
from tests.helpers.wait import until
from tests.unit.ui.team_helpers import clock, team_world

SAS = Sas((4, 0, 63, 29, 41, 53, 13), (1342, 3852, 9191))


def test_sas_panel_shows_emoji_names_and_digits(qtbot: QtBot) -> None:
    panel = SasPanel()
    qtbot.addWidget(panel)
    panel.set_sas(SAS)
    names = [tile.name.text() for tile in panel.tiles]
    assert names == ["Unicorn", "Dog", "Pin", "Heart", "Light Bulb", "Aeroplane", "Octopus"]
    assert [tile.glyph.text for tile in panel.tiles] == [SAS_EMOJI[i].emoji for i in SAS.emoji]
    assert not panel.showing_digits()
    panel.toggle.click()
    assert panel.showing_digits()
    assert panel.digits.text() == "1342  3852  9191"
    assert panel.toggle.text() == "Compare emoji instead"


def test_sas_panel_answers(qtbot: QtBot) -> None:
    panel = SasPanel()
    qtbot.addWidget(panel)
    panel.set_sas(SAS)
    with qtbot.waitSignal(panel.matched):
        panel.match_button.click()
    with qtbot.waitSignal(panel.mismatched):
        panel.mismatch_button.click()
    panel.set_waiting("Waiting…")
    assert not panel.match_button.isEnabled()
    assert not panel.mismatch_button.isEnabled()


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("short", Strength.TOO_SHORT),
        ("aaaaaaaaaaaa", Strength.WEAK),
        ("horse staple", Strength.FAIR),
        ("correct horse battery staple", Strength.STRONG),
        ("Tr0ub4dor&3xyz", Strength.STRONG),
    ],
)
def test_strength_hint(passphrase: str, expected: Strength) -> None:
    assert strength(passphrase) is expected


def test_choosing_a_passphrase_needs_it_twice(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(PassphraseMode.CREATE)
    qtbot.addWidget(dialog)
    assert dialog.hint.text() == "At least 10 characters."
    dialog.first.setText("horse staple")
    dialog.second.setText("horse stable")
    assert dialog.hint.text() == "The two passphrases differ."
    assert not dialog.ok.isEnabled()
    dialog.second.setText("horse staple")
    assert dialog.ok.isEnabled()
    assert dialog.hint.text().startswith("Fair.")


@pytest.mark.asyncio
async def test_unlocking_stays_open_while_the_passphrase_is_wrong(
    qtbot: QtBot, qapp: QApplication
) -> None:
    qapp.setQuitOnLastWindowClosed(False)  # as in the app: closing the dialog must not quit
    lock = FakeProfileLock("horse staple")
    dialog = PassphraseDialog(PassphraseMode.UNLOCK, lock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.second.isHidden()
    dialog.first.setText("horse stable")
    dialog.ok.click()
    await until(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "That passphrase is not right."
    assert dialog.isVisible()
    dialog.first.setText("horse staple")
    dialog.ok.click()
    await until(lambda: lock.unlocked)
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_sync_progress_words(qtbot: QtBot) -> None:
    view = SyncProgressView()
    qtbot.addWidget(view)
    view.set_progress(34_000, 100_000)
    assert view.label.text() == "Syncing 34,000 of 100,000"
    assert view.bar.value() == 340
    assert not view.isHidden()
    view.set_progress(100_000, 100_000)
    assert view.isHidden()


@pytest.mark.asyncio
async def test_desk_window_shows_sync_progress_without_waiting(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    team.set_sync_progress(34_000, 100_000)
    window = create_desk_window(anna)
    qtbot.addWidget(window)
    window.show()
    assert window.sync_progress.label.text() == "Syncing 34,000 of 100,000"
    assert window.sync_progress.isVisible()
    team.set_sync_progress(100_000, 100_000)
    await until(lambda: window.sync_progress.isHidden())


@pytest.mark.asyncio
async def test_a_desk_with_a_team_opens_the_team_and_number_windows(
    qtbot: QtBot, anna: FakeDesk
) -> None:
    world = team_world()
    window = create_desk_window(anna, clock=clock, team=world.admin("Anna Schmidt"))
    qtbot.addWidget(window)
    texts = {action.text(): action for action in window.actions()}
    assert "&Team…" in texts
    texts["&Team…"].trigger()
    windows = window.team_windows
    assert windows is not None
    team_window = windows.team_window
    assert team_window is not None
    team_panel = team_window.panel
    assert isinstance(team_panel, TeamPanel)
    await until(lambda: team_panel.roster is not None)
    texts["&Team…"].trigger()
    assert windows.team_window is team_window  # one at a time
    texts["WhatsApp &number…"].trigger()
    assert windows.number_window is not None
    number_panel = windows.number_window.panel
    assert isinstance(number_panel, NumberPanel)
    await until(lambda: number_panel.loaded > 0)
    plain = create_desk_window(anna)
    qtbot.addWidget(plain)
    assert "&Team…" not in {action.text() for action in plain.actions()}
