"""Take a screenshot of a populated desk: `python -m tests.gui.shoot OUT.png [--width W]`.

Run it under Xvfb with the xcb platform to see exactly what users see:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m tests.gui.shoot x.png`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import qasync
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.domain.model import QueueView
from app.ui.app import create_desk_window, place_side_by_side
from tests.gui.scene import build_scene
from tests.helpers.wait import until


async def _shoot_pair(path: str) -> None:
    """Anna and Ben side by side, as the demo opens them."""
    now = int(time.time())
    scene = build_scene(now)
    windows = [
        create_desk_window(desk, business_name="Nordlicht Furniture")
        for desk in (scene.anna, scene.ben)
    ]
    place_side_by_side(windows)
    for window in windows:
        window.show()
    await until(lambda: all(w.queue.current_model.rowCount() > 0 for w in windows))
    windows[0].open_conversation(scene.showcase)
    windows[1].open_conversation(scene.first_waiting)
    await asyncio.sleep(0.8)
    shot = QGuiApplication.primaryScreen().grabWindow(0)
    assert shot.save(path), path
    for window in windows:
        window.close()
    print(path, shot.width(), shot.height())


async def _shoot(path: str, width: int, height: int, screen: bool) -> None:
    now = int(time.time())
    scene = build_scene(now)
    window = create_desk_window(scene.anna, business_name="Nordlicht Furniture")
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    await until(lambda: window.queue.current_model.rowCount() > 0)
    # Open the showcase from the "All open" tab, so the queue's highlight shows too.
    window.queue.show_tab(QueueView.ALL_OPEN)
    await until(lambda: window.queue.current_model.row_of(scene.showcase) is not None)
    listing = window.queue.current_list
    row = window.queue.current_model.row_of(scene.showcase)
    listing.setCurrentIndex(listing.model().index(row or 0, 0))
    model = window.conversation.model
    await until(lambda: model is not None and model.rowCount() >= 10)
    await asyncio.sleep(0.5)
    shot = QGuiApplication.primaryScreen().grabWindow(0) if screen else window.grab()
    assert shot.save(path), path
    window.close()
    print(path, shot.width(), shot.height())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=760)
    parser.add_argument("--screen", action="store_true", help="grab the whole screen")
    parser.add_argument("--pair", action="store_true", help="two desks side by side")
    args = parser.parse_args()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        if args.pair:
            loop.run_until_complete(_shoot_pair(args.out))
        else:
            loop.run_until_complete(_shoot(args.out, args.width, args.height, args.screen))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
