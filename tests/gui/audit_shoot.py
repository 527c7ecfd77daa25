"""Take a screenshot of the audit trail over a real signed log:
`python -m tests.gui.audit_shoot OUT.png [en|de] [--one]` (`--one`: only Lena's conversation).

Run it under Xvfb with the xcb platform to see what users see:
`xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python -m tests.gui.audit_shoot
x.png de`.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.domain.model import HubIntegrity
from app.ui.audit_window import AuditWindow
from app.ui.i18n import language
from app.ui.messages import MessageChannel
from app.ui.theme import apply_theme
from tests.helpers.german import GERMANY
from tests.helpers.wait import until
from tests.unit.services.audit_world import build

CUSTOMERS = (
    "Maria Schulz",
    "Jonas Becker",
    "Aylin Kaya",
    "Tom Richter",
    "Sofia Rossi",
    "Emil Braun",
)


async def _shoot(out: str, speak: str, one: bool) -> None:
    tmp = Path(tempfile.mkdtemp())
    installed = language.install(speak, system=GERMANY, cache_dir=tmp)  # held: it holds them
    world = await build(tmp, CUSTOMERS)
    scope = (world.conversation, "Lena")
    window = AuditWindow(world.trail("Anna"), MessageChannel(), HubIntegrity(), scope)
    window.resize(1000, 600)
    window.show()
    await until(lambda: window.model.rowCount() > 10, timeout=10)
    if one:
        window.only_conversation.setChecked(True)
        await until(lambda: window.model.rowCount() == 4, timeout=10)
    window.check_button.click()
    await until(lambda: window.model.verdict(0).value == "verified", timeout=10)
    assert window.grab().save(out), out
    print(out, window.model.rowCount(), window.status.text())
    window.close()
    await world.replica.close()
    language.uninstall(installed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("speak", nargs="?", default="en")
    parser.add_argument("--one", action="store_true")
    args = parser.parse_args()
    app = QApplication([])
    apply_theme(app)
    app.setQuitOnLastWindowClosed(False)
    qasync.run(_shoot(args.out, args.speak, args.one))


if __name__ == "__main__":
    main()
