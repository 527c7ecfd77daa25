"""One channel for messages to the user: errors, warnings and notes from any part of the UI.

Everything that goes wrong in a user action goes through here: it is logged once, and shown in
the window's status line. Messages posted before a display is attached are kept and shown when
one is (qutebrowser's `GlobalMessageBridge`).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.domain.errors import EnvironmentFault, SwitchboardError
from app.ui import wording

log = logging.getLogger(__name__)


class Level(enum.Enum):
    """How serious a message is; decides its colour and how long it stays."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


Display = Callable[[Level, str], None]


class MessageChannel(QObject):
    """Collects user messages and hands them to the window's display.

    Signals:
        message_posted(Level, str): A message for the user, already translated.
    """

    message_posted = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[tuple[Level, str]] | None = []

    def attach(self, display: Display) -> None:
        """Connect a display and show everything posted before it existed."""
        self.message_posted.connect(display)
        pending, self._pending = self._pending or [], None
        for level, text in pending:
            display(level, text)

    def info(self, text: str) -> None:
        self._post(Level.INFO, text)

    def warning(self, text: str) -> None:
        self._post(Level.WARNING, text)

    def error(self, text: str) -> None:
        self._post(Level.ERROR, text)

    def report(self, error: SwitchboardError, action: str) -> None:
        """Log a typed service error once and show it in words.

        Args:
            error: What the service raised; its code goes to the log, never user data.
            action: What the user tried, for the log ("claim", "reply").
        """
        log.warning("%s failed: %s", action, error.code)
        level = Level.ERROR if isinstance(error, EnvironmentFault) else Level.WARNING
        self._post(level, wording.describe_error(error))

    def _post(self, level: Level, text: str) -> None:
        if self._pending is not None:
            self._pending.append((level, text))
            return
        self.message_posted.emit(level, text)
