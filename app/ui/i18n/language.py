"""Which language the desk speaks, and installing its translators at start.

The choice is `system` (follow the system's UI languages; the default), `en` or `de`. It comes
from `--lang`, else from the per-user setting the View → Language menu writes, else `system`.
A change applies at the next start: Qt widgets set their texts once, when they are built.

Dates, times and numbers follow the same choice: `QLocale.setDefault` gets the chosen language
in the system's territory, so `QLocale()` in `wording` formats "14:03" or "2:03 PM" to match.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QStandardPaths,
    QTranslator,
)

from app.ui.i18n.catalog import compiled_catalog

log = logging.getLogger(__name__)

SYSTEM = "system"
ENGLISH = "en"
GERMAN = "de"
SPOKEN = (ENGLISH, GERMAN)
"""The languages the desk has texts in; English is the source language."""
CHOICES = (SYSTEM, *SPOKEN)
"""What `--lang` and the setting accept."""

_LANGUAGES = {ENGLISH: QLocale.Language.English, GERMAN: QLocale.Language.German}
_SETTING_KEY = "language"


def spoken_language(choice: str, system: QLocale) -> str:
    """The language to speak for `choice`: itself, or the first of the system's UI languages
    that the desk speaks (English when none is)."""
    if choice in SPOKEN:
        return choice
    for name in system.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SPOKEN:
            return code
    return ENGLISH


def locale_for(language: str, system: QLocale) -> QLocale:
    """How to write dates and numbers: the system's own locale when it speaks `language`, else
    `language` in the system's territory (English in Germany writes 24-hour times)."""
    if system.language() == _LANGUAGES[language]:
        return system
    return QLocale(_LANGUAGES[language], system.territory())


@dataclass(eq=False)
class InstalledLanguage:
    """What `install` changed, so that `uninstall` can undo it (tests switch languages)."""

    language: str
    locale: QLocale
    previous_locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)


def install(
    choice: str,
    *,
    system: QLocale | None = None,
    cache_dir: Path | None = None,
) -> InstalledLanguage:
    """Speak `choice` from now on: our catalog, Qt's own texts (dialog buttons, context menus)
    and the default locale. Call it before any window is built."""
    system = QLocale.system() if system is None else system
    language = spoken_language(choice, system)
    installed = InstalledLanguage(language, locale_for(language, system), QLocale())
    QLocale.setDefault(installed.locale)
    if language != ENGLISH:
        _load(installed, compiled_catalog(language, cache_dir=cache_dir), "switchboard")
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        _load(installed, Path(qt_folder) / f"qtbase_{language}.qm", "qtbase")
    log.info("language: %s (asked for %s)", language, choice)
    return installed


def _load(installed: InstalledLanguage, catalog: Path | None, name: str) -> None:
    translator = QTranslator()
    if catalog is None or not translator.load(str(catalog)):
        log.warning("the %s translation %s is not available", installed.language, name)
        return
    QCoreApplication.installTranslator(translator)
    installed.translators.append(translator)  # a translator must outlive its installation


def uninstall(installed: InstalledLanguage) -> None:
    """Remove the translators `install` added and restore the previous default locale."""
    for translator in installed.translators:
        QCoreApplication.removeTranslator(translator)
    installed.translators.clear()
    QLocale.setDefault(installed.previous_locale)


class LanguageSetting:
    """The per-user language choice, kept in a small INI file (not in a profile: one person
    reads every desk of theirs in one language)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_user(cls) -> LanguageSetting:
        """The setting in the user's config folder (`~/.config/switchboard/desk.ini` on Linux)."""
        location = QStandardPaths.StandardLocation.GenericConfigLocation
        folder = QStandardPaths.writableLocation(location) or str(Path.home() / ".config")
        return cls(Path(folder) / "switchboard" / "desk.ini")

    def read(self) -> str:
        """The stored choice; `system` when none is stored or the stored one is unknown."""
        value = self._settings().value(_SETTING_KEY, SYSTEM)
        return value if isinstance(value, str) and value in CHOICES else SYSTEM

    def write(self, choice: str) -> None:
        """Save `choice`.

        Raises:
            ValueError: `choice` is not one of `CHOICES`.
            OSError: The file could not be written.
        """
        if choice not in CHOICES:
            raise ValueError(f"unknown language choice {choice!r}")
        settings = self._settings()
        settings.setValue(_SETTING_KEY, choice)
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            raise OSError(f"cannot write the language setting to {self.path}")

    def _settings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)
