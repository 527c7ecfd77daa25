"""Screenshots of a new desk in the middle of its first sync, on real services:
`python -m tests.gui.sync_shoot OUT_DIR [--events N] [--german]`.

A hub, a team whose gateway filled the log with N events, and a new desk whose sync is held
midway (tests/helpers/held_sync.py) while a conversation that has arrived is open; then the
sync runs to its end. Writes `syncing.png` and `synced.png`. Under Xvfb:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m tests.gui.sync_shoot d`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.desk.team import TeamDeskFactory
from app.domain.model import QueueView
from app.ui.app import create_desk_window
from tests.helpers.german import german
from tests.helpers.held_sync import Held
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import cheap_stretch
from tests.helpers.wait import until
from tests.integration.test_join_big_log import fill


async def _shoot(out: Path, events: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        async with running_hub(root, auth=True) as hub:
            assert hub.setup_code is not None
            factory = TeamDeskFactory(
                hub_url=hub.url,
                tls_fingerprint=hub.tls_fingerprint,
                root=root / "desks",
                clock=time.time,
                stretch=cheap_stretch,
            )
            held = None
            try:
                anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
                await fill(hub, factory, anna, events)
                await anna.desk.caught_up()
                ben = await factory.enroll(anna, "Ben")
                held = Held(ben.desk.engine)
                held.allow(events // 256 // 3)  # about a third arrives, then it waits
                session = ben.desk.session
                window = create_desk_window(session, business_name="Nordlicht Furniture")
                window.resize(1200, 760)
                window.show()
                await until(lambda: window.queue.current_model.rowCount() > 0, timeout=30)
                window.queue.show_tab(QueueView.ALL_OPEN)
                first = (await session.queue_page(QueueView.ALL_OPEN, 0, 1))[0]
                window.open_conversation(first.conversation_id)
                pane = window.conversation
                await until(lambda: pane.model is not None and pane.model.rowCount() > 0)
                await asyncio.sleep(0.5)  # let the last paint land before grabbing
                assert window.grab().save(str(out / "syncing.png"))
                held.release()
                await ben.desk.caught_up()
                await until(lambda: not window.sync_progress.isVisible(), timeout=30)
                await asyncio.sleep(0.5)
                assert window.grab().save(str(out / "synced.png"))
                window.close()
            finally:
                if held is not None:
                    held.release()
                await factory.close()
    print(out / "syncing.png", out / "synced.png")


@contextlib.contextmanager
def _language(use_german: bool) -> Iterator[None]:
    if not use_german:
        yield
        return
    with tempfile.TemporaryDirectory() as cache, german(Path(cache)):
        yield


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--german", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        with _language(args.german):
            loop.run_until_complete(_shoot(args.out, args.events))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
