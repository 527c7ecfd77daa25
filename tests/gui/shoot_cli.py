"""The command line every screenshot script shares: ``python -m tests.gui.<name>_shoot OUT
[--lang de]`` runs the script's ``shoot(out)`` on a qasync loop, in German when asked."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

Shoot = Callable[[Path], Coroutine[Any, Any, None]]


def run_shoot(shoot: Shoot) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    out = Path(args.out)
    if args.lang != "en":
        from tests.helpers.german import german

        with tempfile.TemporaryDirectory() as cache, german(Path(cache)):
            return _run(app, out, shoot)
    # English as the app installs it (its locale's dates and numbers too): without this, a
    # machine in the C locale showed the C locale's short dates ("7 12 2026").
    from app.ui.i18n import language

    installed = language.install(language.ENGLISH)
    try:
        return _run(app, out, shoot)
    finally:
        language.uninstall(installed)


def _run(app: QApplication, out: Path, shoot: Shoot) -> int:
    out.mkdir(parents=True, exist_ok=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(out))
    return 0
