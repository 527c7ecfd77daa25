"""View → Language saves the choice for the next start and says so."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.i18n.language import LanguageSetting
from app.ui.messages import Level, MessageChannel
from app.ui.widgets.language_menu import LanguageMenu


def test_choosing_a_language_saves_it_and_says_when_it_applies(
    qtbot: QtBot, tmp_path: Path
) -> None:
    setting = LanguageSetting(tmp_path / "desk.ini")
    messages = MessageChannel()
    shown: list[tuple[Level, str]] = []
    messages.attach(lambda level, text: shown.append((level, text)))
    menu = LanguageMenu(setting, messages)
    qtbot.addWidget(menu)
    choices = {action.text(): action for action in menu.actions() if action.isCheckable()}
    assert list(choices) == ["System language", "English", "Deutsch"]
    assert choices["System language"].isChecked()
    choices["Deutsch"].trigger()
    assert setting.read() == "de"
    assert choices["Deutsch"].isChecked()
    assert not choices["System language"].isChecked()
    assert shown == [(Level.INFO, "The language changes to Deutsch when Switchboard starts again.")]
    reopened = LanguageMenu(setting, messages)
    qtbot.addWidget(reopened)
    assert reopened.actions()[2].isChecked()  # Deutsch, as saved


def test_a_setting_that_cannot_be_saved_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    setting = LanguageSetting(blocker / "desk.ini")
    messages = MessageChannel()
    shown: list[tuple[Level, str]] = []
    messages.attach(lambda level, text: shown.append((level, text)))
    menu = LanguageMenu(setting, messages)
    qtbot.addWidget(menu)
    english = next(a for a in menu.actions() if a.text() == "English")
    english.trigger()
    assert shown == [(Level.ERROR, "The language setting could not be saved.")]
