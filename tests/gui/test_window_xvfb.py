"""A real desk window on a real X server: what the user would see, as screenshots.

Run in its own process, because a process has exactly one Qt platform (stack.md §7):

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/pytest -m xvfb tests/gui
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.content import ContentKind
from app.ui.app import create_desk_window
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from tests.gui.scene import build_scene
from tests.helpers.wait import until

_RUN_HINT = (
    'run: xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb pytest -m xvfb tests/gui'
)

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason=f"needs an X display and the xcb platform; {_RUN_HINT}",
    ),
]


@pytest.fixture
def xcb_app(qapp: QApplication) -> QApplication:
    """The application, if it really draws on X (it cannot switch platform once it exists)."""
    if qapp.platformName() != "xcb":
        pytest.skip(f"this process draws with {qapp.platformName()!r}, not xcb; {_RUN_HINT}")
    return qapp


def assert_real_picture(image: QImage, min_width: int, min_height: int) -> None:
    """Big enough, and not one flat colour (a blank or black grab fails here)."""
    assert image.width() >= min_width
    assert image.height() >= min_height
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, f"only {len(colours)} colours: the picture is nearly uniform"


@pytest.mark.asyncio
async def test_populated_window_on_x(qtbot: QtBot, tmp_path: Path, xcb_app: QApplication) -> None:
    now = int(time.time())
    scene = build_scene(now)
    customer = scene.team.customer_writes(
        "Xavier Dupont", "Is my parcel on its way?", wa_id="33612345678", at=now - 5 * 60
    )
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    qtbot.addWidget(window)
    window.setGeometry(0, 0, 1200, 760)
    window.show()
    queue = window.queue.current_model
    await until(lambda: queue.row_of(customer) is not None, timeout=5)
    row = queue.row_of(customer)
    assert row is not None
    assert queue.index(row).data(QueueRole.CUSTOMER_NAME) == "Xavier Dupont"
    assert queue.index(row).data(QueueRole.PREVIEW) == "Is my parcel on its way?"

    window.open_conversation(scene.showcase)
    conversation = window.conversation.model
    assert conversation is not None
    await until(lambda: conversation.rowCount() >= 10, timeout=5)
    kinds = {conversation.index(r).data(MessageRole.KIND) for r in range(conversation.rowCount())}
    assert {ContentKind.IMAGE, ContentKind.LOCATION, ContentKind.DOCUMENT} <= kinds
    handle = window.windowHandle()
    await until(lambda: handle is not None and handle.isExposed(), timeout=5)
    await asyncio.sleep(0.3)  # let the first frames reach the X server

    window_png = tmp_path / "window.png"
    screen_png = tmp_path / "screen.png"
    assert window.grab().save(str(window_png))
    assert QGuiApplication.primaryScreen().grabWindow(0).save(str(screen_png))
    for path in (window_png, screen_png):
        assert path.stat().st_size > 20_000, path
    assert_real_picture(QImage(str(window_png)), 1200, 760)
    screen = QImage(str(screen_png))
    assert_real_picture(screen, 1200, 760)
    # The window was drawn on the X screen itself, not only into an offscreen buffer.
    assert_real_picture(screen.copy(0, 0, 1200, 760), 1200, 760)
