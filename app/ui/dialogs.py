"""Dialogs awaited without nested event loops (style.md P2, stack.md §5).

`QDialog.exec()` inside a coroutine stalls asyncio and then hangs, so dialogs are opened with
`open()` and their `finished` signal resolves a Future that the coroutine awaits.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget


async def ask(dialog: QDialog) -> int:
    """Show `dialog` window-modally and wait for its result code without blocking the loop."""
    result: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(functools.partial(_resolve, result))
    dialog.open()
    return await result


def _resolve(result: asyncio.Future[int], code: int) -> None:
    if not result.done():
        result.set_result(code)


async def show_error(title: str, text: str, parent: QWidget | None = None) -> None:
    """Tell the user something failed, and wait until they have read it."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Close, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    await ask(box)


async def ask_csv_target(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to save a CSV file (the save dialog, `suggested` as its name); None if cancelled."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(QCoreApplication.translate("SaveCsv", "CSV files (*.csv)"))
    dialog.setDefaultSuffix("csv")
    dialog.selectFile(suggested)
    if await ask(dialog) != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
