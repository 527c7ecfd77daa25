"""Save the whole X screen (`$DISPLAY`) as a PNG: the smoke test's picture of the first-run window.

    python packaging/linux/grab_screen.py OUT.png

Runs in the build venv, which has PySide6; the installed app itself is not touched.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtGui import QGuiApplication  # noqa: E402 - the platform is chosen first


def main() -> int:
    app = QGuiApplication([])
    screen = app.primaryScreen()
    saved = screen is not None and screen.grabWindow(0).save(sys.argv[1])
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())
