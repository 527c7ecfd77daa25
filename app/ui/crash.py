"""Crashes you can diagnose: every unhandled exception is logged and, unless told not to, shown.

`CrashReporter` is both `sys.excepthook` (Qt slots and `asyncSlot`s end there) and the event
loop's exception handler (tasks and callbacks end there), so a bug in either world reaches one
place (style.md P5). The dialog is non-modal (`show()`, never `exec()`: style.md P2) and carries
the recent log from `RamLogHandler`. With `show_windows=False` (the `--no-err-windows` switch for
smoke tests and headless runs) it only logs.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import sys
import traceback
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

_MAX_REPORTS_SHOWN = 20
"""A bug in a paint method can fire on every frame; one dialog with the first few is enough."""


class RamLogHandler(logging.Handler):
    """Keeps the last log lines in memory, to attach to a crash report."""

    def __init__(self, capacity: int = 300) -> None:
        super().__init__(logging.DEBUG)
        self.lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken record must not break logging
            self.handleError(record)


class CrashDialog(QDialog):
    """Tells the user something broke, without blocking them, and offers the details."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Switchboard — unexpected problem"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.resize(640, 420)
        intro = QLabel(
            self.tr(
                "Switchboard hit a problem it did not expect. You can keep working; if something "
                "looks wrong, restart the app. The details below help us fix it and contain no "
                "message text or phone numbers."
            )
        )
        intro.setWordWrap(True)
        self._details = QPlainTextEdit(details)
        self._details.setReadOnly(True)
        self._details.setAccessibleName(self.tr("Problem details"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy details"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._details, 1)
        layout.addWidget(buttons)

    def append(self, details: str) -> None:
        """Add a further report to the open dialog."""
        self._details.appendPlainText("\n" + details)

    def details(self) -> str:
        return self._details.toPlainText()

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.details())


class CrashReporter(QObject):
    """Receives unhandled exceptions from Qt and asyncio, logs them, and shows them.

    Attributes:
        reports: How many problems were reported (a smoke test fails on any).
    """

    def __init__(
        self,
        *,
        show_windows: bool = True,
        ram_log: RamLogHandler | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reports = 0
        self._show_windows = show_windows
        self._ram_log = ram_log
        self._dialog: CrashDialog | None = None
        self._previous_hook = sys.excepthook

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Become `sys.excepthook` and `loop`'s exception handler."""
        self._previous_hook = sys.excepthook
        sys.excepthook = self.excepthook
        loop.set_exception_handler(self.loop_exception)

    def uninstall(self, loop: asyncio.AbstractEventLoop) -> None:
        """Give `sys.excepthook` and the loop handler back."""
        sys.excepthook = self._previous_hook
        loop.set_exception_handler(None)

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """`sys.excepthook`: an exception escaped a Qt slot or an `asyncSlot`."""
        self.report("Unhandled exception", error.with_traceback(tb))

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """The loop's exception handler: a task or callback failed unhandled."""
        error = context.get("exception")
        message = str(context.get("message") or "Unhandled error in the event loop")
        self.report(message, error if isinstance(error, BaseException) else None)

    def report(self, summary: str, error: BaseException | None) -> None:
        """Log one problem and show it, unless windows are switched off."""
        self.reports += 1
        exc_info = (type(error), error, error.__traceback__) if error is not None else None
        log.critical("%s", summary, exc_info=exc_info)
        if not self._show_windows or self.reports > _MAX_REPORTS_SHOWN:
            return
        try:
            self._show(self._details(summary, error))
        except Exception:
            # Showing must never raise back into the hook that called us.
            log.exception("could not show the crash dialog")

    def _details(self, summary: str, error: BaseException | None) -> str:
        lines = [summary]
        if error is not None:
            lines += traceback.format_exception(type(error), error, error.__traceback__)
        if self._ram_log is not None and self._dialog is None:
            lines += ["", "Recent log:", *self._ram_log.lines]
        return "\n".join(line.rstrip("\n") for line in lines)

    def _show(self, details: str) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.append(details)
            return
        self._dialog = CrashDialog(details)
        self._dialog.show()
        self._dialog.raise_()
