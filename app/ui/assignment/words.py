"""Words for auto-assignment: why settings could not be saved, and an agent's availability."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.errors import AssignmentRefused, SwitchboardError


def tr(text: str) -> str:
    return QCoreApplication.translate("assignment", text)


def describe(error: SwitchboardError) -> str | None:
    """A sentence for a refused settings change; None for other errors."""
    if not isinstance(error, AssignmentRefused):
        return None
    words = _REASONS.get(error.reason, _REASONS["other"])
    return tr(str(words))


_REASONS: dict[str, object] = {
    "capacity": QT_TRANSLATE_NOOP(
        "assignment", "Each agent can hold between 1 and 999 open conversations."
    ),
    "wait": QT_TRANSLATE_NOOP(
        "assignment", "Waiting for the menu can last at most an hour (3,600 seconds)."
    ),
    "too-many-labels": QT_TRANSLATE_NOOP("assignment", "An agent can handle at most 50 labels."),
    "other": QT_TRANSLATE_NOOP(
        "assignment", "These settings cannot be saved like this; nothing was changed."
    ),
}
