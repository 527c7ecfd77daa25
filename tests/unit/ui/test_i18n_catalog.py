"""The German catalog is complete and in step with the code, and it loads.

When `test_every_text_in_the_code_is_in_the_catalog` or `test_the_catalog_is_finished` fails:
run `scripts/i18n-update`, translate the texts it reports in `app/ui/i18n/switchboard_de.ts`
(Qt Linguist, or any editor: fill `<translation>`, drop `type="unfinished"`), and commit the
`.ts` with the code (CONTRIBUTING.md, "Languages").
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale
from PySide6.QtWidgets import QApplication

from app.desk import cli as desk_cli
from app.domain.content import Order, OrderItem
from app.domain.sas import SAS_EMOJI
from app.main import build_parser
from app.ui import wording
from app.ui.content_text import describe
from app.ui.i18n import catalog, language
from app.ui.i18n.update import Message, extract, read_ts, write_ts
from app.ui.team.sas_words import EMOJI_NAMES
from tests.helpers.german import GERMANY, german

HINT = "run scripts/i18n-update, then translate the new texts in app/ui/i18n/switchboard_de.ts"
_PLACEHOLDER = re.compile(r"%(?:\d|n|s)")


@pytest.fixture(scope="module")
def messages() -> list[Message]:
    return read_ts(catalog.source_file("de"))


def test_every_text_in_the_code_is_in_the_catalog(messages: list[Message]) -> None:
    found, problems = extract()
    assert not problems.unknown_context, (
        "lupdate cannot tell the context of these texts; call self.tr() inside the class or "
        'QCoreApplication.translate("ClassName", ...): '
        + ", ".join(f"{m.source!r} at {m.locations}" for m in problems.unknown_context)
    )
    missing = {m.key for m in found} - {m.key for m in messages}
    assert not missing, f"texts missing from the catalog ({HINT}): {sorted(missing)}"
    gone = {m.key for m in messages} - {m.key for m in found}
    assert not gone, f"the catalog holds texts the code no longer has ({HINT}): {sorted(gone)}"


def test_the_catalog_is_finished(messages: list[Message]) -> None:
    unfinished = [m.source for m in messages if not m.finished or not all(m.translations)]
    assert not unfinished, f"untranslated texts ({HINT}): {unfinished}"
    for message in messages:
        assert len(message.translations) == (2 if message.numerus else 1), message.source


def test_translations_keep_placeholders_and_mnemonics(messages: list[Message]) -> None:
    for message in messages:
        wanted = sorted(set(_PLACEHOLDER.findall(message.source)) - {"%n"})
        for text in message.translations:
            assert sorted(set(_PLACEHOLDER.findall(text)) - {"%n"}) == wanted, (message, text)
            if message.numerus:
                assert "%n" in text or "1" in text, (message.source, text)
            has_mnemonic = bool(re.search(r"&[^&\s]", message.source))
            assert bool(re.search(r"&[^&\s]", text)) == has_mnemonic, (message.source, text)


def test_every_sas_emoji_name_is_marked_for_translation() -> None:
    assert [str(name) for name in EMOJI_NAMES] == [e.name for e in SAS_EMOJI]


def test_the_command_line_offers_the_languages_the_ui_knows() -> None:
    assert desk_cli.LANGUAGES == language.CHOICES


@pytest.mark.parametrize(
    ("choice", "system", "spoken"),
    [
        ("system", "de_DE", "de"),
        ("system", "de_AT", "de"),
        ("system", "en_GB", "en"),
        ("system", "fr_FR", "en"),  # a language the desk does not speak: English
        ("de", "en_US", "de"),
        ("en", "de_DE", "en"),
    ],
)
def test_the_spoken_language_follows_the_choice_then_the_system(
    choice: str, system: str, spoken: str
) -> None:
    assert language.spoken_language(choice, QLocale(system)) == spoken


def test_english_on_a_german_system_keeps_german_habits_for_dates() -> None:
    locale = language.locale_for("en", GERMANY)
    assert locale.language() == QLocale.Language.English
    assert locale.territory() == GERMANY.territory()


@pytest.fixture
def isolated_catalog(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "i18n"
    folder.mkdir()
    shutil.copy(catalog.source_file("de"), folder)
    return folder


def test_a_missing_catalog_is_compiled_into_the_cache(
    isolated_catalog: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    compiled = catalog.compiled_catalog("de", folder=isolated_catalog, cache_dir=cache)
    assert compiled == cache / "switchboard_de.qm"
    assert compiled.stat().st_size > 1000
    again = catalog.compiled_catalog("de", folder=isolated_catalog, cache_dir=cache)
    assert again == compiled


def test_an_installed_catalog_is_used_until_its_source_changes(
    isolated_catalog: Path, tmp_path: Path
) -> None:
    source = catalog.source_file("de", isolated_catalog)
    installed = source.with_suffix(".qm")
    assert catalog.compile_catalog(source, installed)
    catalog.stamp_file(installed).write_text(catalog.source_digest(source) + "\n")
    # A wheel's files get new times in archive order: an older .qm is still the right one.
    os.utime(installed, (0, 0))
    cache = tmp_path / "cache"
    assert catalog.compiled_catalog("de", folder=isolated_catalog, cache_dir=cache) == installed
    source.write_text(source.read_text().replace("&amp;Beenden", "&amp;Schließen"))
    assert catalog.compiled_catalog("de", folder=isolated_catalog, cache_dir=cache) == (
        cache / installed.name
    )


def test_english_needs_no_catalog() -> None:
    assert catalog.compiled_catalog("en") is None


def test_german_translates_our_texts_qts_and_the_dates(qapp: QApplication, tmp_path: Path) -> None:
    now = int(QDateTime(2026, 3, 12, 16, 0, 0).toSecsSinceEpoch())
    with german(tmp_path) as installed:
        assert installed.language == "de"
        assert QCoreApplication.translate("DeskWindow", "&Quit") == "&Beenden"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's own
        assert wording.duration(3 * 3600) == "3 Std."
        assert wording.day_label(now - 3 * 86400, now) == "Montag, 9. März 2026"
        assert wording.day_label(now, now) == "Heute"
        assert QLocale().toString(4096) == "4.096"
    assert QCoreApplication.translate("DeskWindow", "&Quit") == "&Quit"
    assert QLocale().toString(4096) != "4.096"


def test_plural_forms_follow_the_count(qapp: QApplication, tmp_path: Path) -> None:
    with german(tmp_path):
        one = QCoreApplication.translate("notifications", "%n unread conversations", None, 1)
        many = QCoreApplication.translate("notifications", "%n unread conversations", None, 3)
    assert one == "1 ungelesene Unterhaltung"
    assert many == "3 ungelesene Unterhaltungen"


def test_the_setting_remembers_the_choice(tmp_path: Path) -> None:
    setting = language.LanguageSetting(tmp_path / "switchboard" / "desk.ini")
    assert setting.read() == "system"
    setting.write("de")
    assert language.LanguageSetting(setting.path).read() == "de"
    setting.path.write_text("[General]\nlanguage=klingon\n")
    assert setting.read() == "system"
    with pytest.raises(ValueError, match="klingon"):
        setting.write("klingon")


def test_order_totals_are_written_the_german_way(qapp: QApplication, tmp_path: Path) -> None:
    order = Order("cat", "", (OrderItem("a", 2, "619.99", "EUR"), OrderItem("b", 1, "5.5", "EUR")))
    with german(tmp_path):
        shown = describe(order, "")
    assert shown.cards[0].lines == ("Summe 1.245,48 EUR",)
    assert shown.cards[0].title == "Bestellung · 3 Artikel"


def test_reading_and_writing_the_catalog_changes_nothing(tmp_path: Path) -> None:
    source = catalog.source_file("de")
    copy = tmp_path / source.name
    write_ts(copy, "de", read_ts(source))
    assert copy.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        ([], None),
        (["--lang", "de"], "de"),
        (["--lang", "de", "demo"], "de"),
        (["demo", "--lang", "en"], "en"),
        (["demo"], None),
    ],
)
def test_lang_is_accepted_before_and_after_demo(argv: list[str], lang: str | None) -> None:
    args = build_parser().parse_args(argv)
    assert args.lang == lang


def test_an_unknown_language_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--lang", "fr"])
    assert exit_info.value.code == 2
    assert "--lang: invalid choice: 'fr'" in capsys.readouterr().err
