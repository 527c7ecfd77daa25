"""A child process for the language start-up tests: `python -m tests.unit.ui.i18n_child [LANG]`.

Runs `run_desks` as `switchboard` does, with `--lang LANG` or none, and prints what the desk
window says once it is shown: its Quit action, a number and a date in the default locale.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QApplication

from app.services.api import DeskApi
from app.ui.app import UiOptions, run_desks
from app.ui.desk_window import DeskWindow
from tests.helpers.fake_desk import FakeTeam


def main(language: str | None) -> int:
    team = FakeTeam()

    async def build() -> Sequence[DeskApi]:
        await asyncio.sleep(0)
        return [team.desk("Anna")]

    async def shutdown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, DeskWindow)]
        print(windows[0].quit_action.text(), flush=True)
        print(QLocale().toString(4096), flush=True)
        print(QLocale().toString(QDate(2026, 3, 9), QLocale.FormatType.LongFormat), flush=True)

    options = UiOptions(show_error_windows=False, quit_after_ms=200, language=language)
    return run_desks(build, shutdown, options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
