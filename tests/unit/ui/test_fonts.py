"""Fonts an installer ships in resources/fonts are added to Qt's list at start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.ui import fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core, in .ci/run


def test_a_source_tree_has_none_to_add(qapp: QApplication) -> None:
    assert fonts.add_bundled_fonts() == []


def test_each_font_file_is_added(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fonts").mkdir()
    shutil.copy(DEJAVU, tmp_path / "fonts" / "Bundled.ttf")
    (tmp_path / "fonts" / "LICENSE.txt").write_text("not a font")
    monkeypatch.setattr(fonts, "resource_dir", lambda: tmp_path)
    assert fonts.add_bundled_fonts() == ["DejaVu Sans"]


def test_a_damaged_font_is_skipped_with_a_warning(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "Broken.ttf").write_bytes(b"\0" * 64)
    monkeypatch.setattr(fonts, "resource_dir", lambda: tmp_path)
    assert fonts.add_bundled_fonts() == []
    assert "Broken.ttf could not be loaded" in caplog.text
