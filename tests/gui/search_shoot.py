"""Screenshots of search on a populated desk: `python -m tests.gui.search_shoot OUT_DIR`.

Writes `everywhere.png` (Ctrl+K, typing "order"), `in_conversation.png` (Ctrl+F) and
`jumped.png` (Enter opened the conversation at the hit), `jumped_far.png` (a hit 120
messages back: older pages were loaded to reach it). Run under Xvfb with the xcb platform:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m tests.gui.search_shoot
/tmp/shots/search`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from tests.gui.scene import build_scene
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until

MINUTE = 60


def _history(team: FakeTeam, now: int) -> None:
    """More traffic, so the hits span conversations (accents, markup-like text included)."""
    lines = [
        ("Priya Natarajan", "Order #4471 was placed on Monday, can you check it?", 30 * MINUTE),
        ("Jonas Weber", "Is my order ready for pick-up at the Altona warehouse?", 20 * MINUTE),
        (
            "Maria López",
            "Quiero cambiar el pedido: the order should go to Calle Mayor 3",
            9 * MINUTE,
        ),
        ("Tom Becker", "Please put the new address on the <b>order</b> & the invoice", 5 * MINUTE),
        ("Chen Wei", "Thanks! The ördér arrived in perfect condition", 2 * MINUTE),
    ]
    for name, text, ago in lines:
        team.customer_writes(name, text, at=now - ago)
    # A long conversation whose first message only search finds quickly.
    team.customer_writes("Lena Vogel", "Does the warranty cover the hinge?", at=now - 90 * MINUTE)
    for n in range(120):
        team.customer_writes(
            "Lena Vogel", f"Photo {n + 1} of the cabinet", at=now - 80 * MINUTE + n
        )


async def _search(window: DeskWindow, keys: str, typed: str) -> None:
    QTest.keySequence(window, keys)
    panel = window.search
    await until(lambda: panel.isVisible())
    QTest.keyClicks(panel.edit, typed)
    await until(lambda: panel.model.rowCount() > 0 and not panel.model.searching)
    await asyncio.sleep(0.4)


async def _shoot(out: Path) -> None:
    now = int(time.time())
    scene = build_scene(now)
    _history(scene.team, now)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    window.resize(1200, 760)
    window.move(0, 0)
    window.show()
    window.activateWindow()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    await _search(window, "Ctrl+K", "order")
    assert window.grab().save(str(out / "everywhere.png"))
    QTest.keyClick(window.search.edit, Qt.Key.Key_Down)
    QTest.keyClick(window.search.edit, Qt.Key.Key_Return)
    view = window.conversation.view
    await until(lambda: view.currentIndex().isValid())
    await asyncio.sleep(0.5)
    assert window.grab().save(str(out / "jumped.png"))
    await _search(window, "Ctrl+F", "add")
    assert window.grab().save(str(out / "in_conversation.png"))
    QTest.keyClick(window.search.edit, Qt.Key.Key_Escape)
    window.search.edit.clear()
    await _search(window, "Ctrl+K", "warranty")
    QTest.keyClick(window.search.edit, Qt.Key.Key_Return)
    model = window.conversation.model
    await until(
        lambda: model is not None and model.rowCount() > 100 and view.currentIndex().row() == 0
    )
    await asyncio.sleep(0.5)
    assert window.grab().save(str(out / "jumped_far.png"))
    window.close()
    print(out)


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        loop.run_until_complete(_shoot(out))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
