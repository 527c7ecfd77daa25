"""The team set-up windows on a real X server, as screenshots (the issue asks to look at them).

Every scene of `tests/gui/team_shoot.py` is rendered twice: at 720 pixels in English, and at 800
pixels with German-length words. Run in its own process (one Qt platform per process):

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/pytest -m xvfb tests/gui/test_team_xvfb.py

Set SWITCHBOARD_SHOTS_DIR to keep the pictures.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.team_shoot import shoot_all
from tests.gui.test_window_xvfb import _RUN_HINT

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason=f"needs an X display and the xcb platform; {_RUN_HINT}",
    ),
]

SCENES = {
    "01-first-run-choice",
    "02-create-team",
    "03-passphrase",
    "04-join-typing",
    "05-invite-code",
    "06-sas-admin",
    "07-sas-newcomer",
    "07b-sas-emoji-row",
    "08-sas-newcomer-digits",
    "09-first-sync",
    "10-invite-done",
    "11-team-after-join",
    "12-confirm-remove-person",
    "13-team-after-removal",
    "14-team-as-member",
    "15-number-settings",
    "16-number-connected",
    "17-desk-syncing",
}


def colours(image: QImage, step: int = 3) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def colourful_hues(image: QImage) -> set[int]:
    """Hues (in 30° buckets) of strongly coloured pixels: colour emoji have many."""
    hues = set()
    for pixel in colours(image, 2):
        colour = QColor.fromRgb(pixel)
        if colour.hsvSaturation() > 120 and colour.value() > 80:
            hues.add(colour.hsvHue() // 30)
    return hues


@pytest.mark.parametrize(("width", "long"), [(720, False), (800, True)], ids=["en", "long"])
@pytest.mark.asyncio
async def test_team_windows_on_x(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication, width: int, long: bool
) -> None:
    if qapp.platformName() != "xcb":
        pytest.skip(f"this process draws with {qapp.platformName()!r}, not xcb; {_RUN_HINT}")
    qapp.setQuitOnLastWindowClosed(False)
    paths = await shoot_all(tmp_path, width, long)
    assert {p.stem for p in paths} == SCENES
    for path in paths:
        image = QImage(str(path))
        assert image.width() >= 300, path.name
        assert image.height() >= 60, path.name
        assert len(colours(image)) > 8, f"{path.name} is nearly one flat colour"
    emoji = QImage(str(tmp_path / "07b-sas-emoji-row.png"))
    # Seven colour emoji, not empty boxes: strongly coloured pixels of many hues.
    assert len(colourful_hues(emoji)) >= 5, "the SAS emoji did not render in colour"
    keep = os.environ.get("SWITCHBOARD_SHOTS_DIR")
    if keep:
        target = Path(keep) / ("long" if long else "en")
        target.mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copy(path, target / path.name)
