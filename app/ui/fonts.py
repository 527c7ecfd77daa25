"""Fonts an installer ships in `resources/fonts/`, added to Qt's font list at start.

A frozen build carries a colour emoji font (Noto Color Emoji), so customers' emoji never paint
as empty boxes on a computer that has none. A source checkout has no such folder and uses the
system's fonts alone.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from app.ui.resources import resource_dir

log = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".otf")


def add_bundled_fonts() -> list[str]:
    """Add every font file under `resources/fonts/`; returns the families added."""
    folder = resource_dir() / "fonts"
    if not folder.is_dir():
        return []
    families: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            # A damaged install: the app still works, with the system's fonts.
            log.warning("the bundled font %s could not be loaded", path.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families
