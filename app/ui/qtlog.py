"""Qt's own messages (qDebug … qFatal) routed into Python logging, under the `qt` logger."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

_HARMLESS = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
)
"""Known noise, demoted to DEBUG: the offscreen plugin says these for windows (stack.md §5)."""


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if message in _HARMLESS:
        level = logging.DEBUG
    if log.isEnabledFor(level):
        category = context.category or "default"
        log.log(level, "%s: %s", category, message)


def install() -> None:
    """Route Qt messages into logging for the rest of the process."""
    qInstallMessageHandler(_handle)
