"""The demo's real desk windows on a real X server, over the whole real stack.

Hub (nats-server), simulator, gateway and two desks with SQLCipher replicas run in this test's
qasync loop; a simulated customer writes, and Anna's and Ben's windows show it in their queues.
Set SWITCHBOARD_SHOTS_DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.demo.stack import TEAM_NAME, DemoStack
from app.ui.app import create_desk_window
from app.ui.models.queue_model import QueueRole
from tests.gui.test_window_xvfb import _RUN_HINT, assert_real_picture
from tests.helpers.wait import until

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason=f"needs an X display and the xcb platform; {_RUN_HINT}",
    ),
]


@pytest.mark.asyncio
async def test_demo_desks_show_a_customer_message_in_real_windows(
    qtbot: QtBot, tmp_path: Path, qapp: QApplication
) -> None:
    if qapp.platformName() != "xcb":
        pytest.skip(f"this process draws with {qapp.platformName()!r}; {_RUN_HINT}")
    # Closing the last window must not quit the app under the running test (stack.md §5).
    qapp.setQuitOnLastWindowClosed(False)
    stack = DemoStack(tmp_path / "demo", ["Anna", "Ben"])
    await stack.start()
    windows = []
    try:
        sim = stack.simulator
        assert sim is not None
        lena = sim.add_customer("Lena Krause", wa_id="4915112345678")
        await sim.customer_sends_text(lena.user_id, "Is my order shipped yet?")
        for x, name in ((0, "Anna"), (640, "Ben")):
            window = create_desk_window(stack.desks[name].session, business_name=TEAM_NAME)
            qtbot.addWidget(window)
            window.setGeometry(x, 0, 640, 760)
            window.show()
            windows.append(window)
        for window in windows:
            queue = window.queue.current_model
            await until(lambda q=queue: q.rowCount() == 1, timeout=10)
            first = queue.index(0)
            assert first.data(QueueRole.CUSTOMER_NAME) == "Lena Krause"
            assert first.data(QueueRole.PREVIEW) == "Is my order shipped yet?"
            handle = window.windowHandle()
            await until(lambda h=handle: h is not None and h.isExposed(), timeout=5)
        QApplication.processEvents()
        shot = tmp_path / "desks.png"
        assert QGuiApplication.primaryScreen().grabWindow(0).save(str(shot))
        assert_real_picture(QImage(str(shot)).copy(0, 0, 1280, 760), 1280, 760)
        keep = os.environ.get("SWITCHBOARD_SHOTS_DIR")
        if keep:
            _keep(shot, Path(keep))
    finally:
        for window in windows:
            window.close()
        await stack.stop()


def _keep(shot: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, folder / "demo-desks.png")
