"""Screenshot of a thread mixing a customer, an agent and the business's phone (coexistence):
`python -m tests.gui.echoes_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.domain.content import ContentKind, Location, Media, Text
from app.ui.app import create_desk_window
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.wait import until

MINUTE = 60


async def _thread(out: Path, lang: str) -> None:
    now = int(time.time())
    team = FakeTeam(now=now)
    anna = team.desk("Anna Schmidt")
    cid = team.customer_sends("Lena Krüger", Text("Hi! Is my order shipped?"), at=now - 9 * MINUTE)
    team.phone_sent(cid, Text("Yes, it left our warehouse this morning."), at=now - 8 * MINUTE)
    team.phone_sent(
        cid, Location("52.5200", "13.4050", "Nordlicht pick-up point"), at=now - 8 * MINUTE
    )
    team.customer_sends("Lena Krüger", Text("Great, and the invoice?"), at=now - 6 * MINUTE)
    team.assign(cid, anna.me)
    team.agent_sent(cid, anna.me, "Here it is — I'll send it right away.", at=now - 5 * MINUTE)
    team.phone_sent(
        cid,
        Media(ContentKind.DOCUMENT, "application/pdf", caption="Invoice", filename="4711.pdf"),
        at=now - 4 * MINUTE,
    )
    window = create_desk_window(anna, business_name="Nordlicht Furniture")
    window.resize(1100, 640)
    window.move(0, 0)
    window.show()
    window.open_conversation(cid)
    pane = window.conversation
    await until(lambda: pane.model is not None and pane.model.rowCount() == 6)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / f"thread_phone_echoes_{lang}.png"))
    window.close()
    print(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.lang != "en":
        from tests.helpers.german import german

        with tempfile.TemporaryDirectory() as cache, german(Path(cache)):
            return _run(app, out, args.lang)
    return _run(app, out, args.lang)


def _run(app: QApplication, out: Path, lang: str) -> int:
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(_thread(out, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
