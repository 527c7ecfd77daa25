"""The translate-by-JSON step: list what is left, fill it in, and nothing else changes."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from app.ui.i18n import todo
from app.ui.i18n.catalog import source_file
from app.ui.i18n.update import read_ts, write_ts


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "switchboard_de.ts"
    shutil.copy(source_file("de"), copy)
    monkeypatch.setattr(todo, "source_file", lambda language: copy)
    messages = read_ts(copy)
    # Two texts to do again: one plain, one plural.
    plain = next(m for m in messages if m.source == "&Quit")
    plural = next(m for m in messages if m.numerus)
    undone = [
        replace(m, finished=False, translations=()) if m in (plain, plural) else m for m in messages
    ]
    write_ts(copy, "de", undone)
    return copy


def test_listing_then_filling_finishes_the_catalog(catalog: Path) -> None:
    left = todo.todo("de")
    plural_key = next(key for key, value in left.items() if isinstance(value, list))
    assert left == {"DeskWindow|&Quit": "", plural_key: ["", ""]}
    filled, unknown = todo.fill(
        "de", {"DeskWindow|&Quit": "&Beenden", plural_key: ["%n eins", "%n viele"]}
    )
    assert (filled, unknown) == (2, [])
    assert todo.todo("de") == {}
    quit_message = next(m for m in read_ts(catalog) if m.source == "&Quit")
    assert quit_message.translations == ("&Beenden",)
    assert quit_message.finished


def test_half_filled_plurals_and_unknown_keys_are_not_taken(catalog: Path) -> None:
    plural_key = next(key for key, value in todo.todo("de").items() if isinstance(value, list))
    filled, unknown = todo.fill("de", {plural_key: ["%n eins", ""], "Nowhere|Nothing": "Nichts"})
    assert filled == 0
    assert unknown == ["Nowhere|Nothing"]
    assert plural_key in todo.todo("de")
