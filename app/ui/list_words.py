"""Words for labels and canned replies: why one could not be saved, and the palette's names."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.errors import CannedRefused, LabelRefused, SwitchboardError
from app.domain.labels import PALETTE


def tr(text: str) -> str:
    return QCoreApplication.translate("lists", text)


def describe(error: SwitchboardError) -> str | None:
    """A sentence for a label or canned-reply refusal; None for other errors."""
    if isinstance(error, LabelRefused | CannedRefused):
        words = _REASONS.get(error.reason)
        if words is not None:
            return tr(str(words))
        if isinstance(error, LabelRefused):
            return tr("The label cannot be saved like this; nothing was changed.")
        return tr("The canned reply cannot be saved like this; nothing was changed.")
    return None


def colour_name(colour: int) -> str:
    """The palette colour's name (for screen readers and tooltips); "" for another colour."""
    try:
        return tr(str(_COLOURS[PALETTE.index(colour)]))
    except ValueError:
        return ""


_REASONS: dict[str, object] = {
    "label-empty": QT_TRANSLATE_NOOP("lists", "Give the label a name."),
    "label-too-long": QT_TRANSLATE_NOOP("lists", "A label's name has at most 40 characters."),
    "label-colour": QT_TRANSLATE_NOOP("lists", "Choose one of the offered colours."),
    "label-taken": QT_TRANSLATE_NOOP("lists", "Another label already has this name."),
    "too-many-labels": QT_TRANSLATE_NOOP("lists", "A team can have at most 200 labels."),
    "label-unknown": QT_TRANSLATE_NOOP("lists", "This label was deleted meanwhile."),
    "shortcut-empty": QT_TRANSLATE_NOOP("lists", "Give the canned reply a shortcut."),
    "shortcut-too-long": QT_TRANSLATE_NOOP("lists", "A shortcut has at most 32 characters."),
    "shortcut-invalid": QT_TRANSLATE_NOOP(
        "lists", "A shortcut is one word: letters, digits, - and _ only."
    ),
    "canned-empty": QT_TRANSLATE_NOOP("lists", "Write the reply's text first."),
    "canned-too-long": QT_TRANSLATE_NOOP("lists", "A reply has at most 4,096 characters."),
    "shortcut-taken": QT_TRANSLATE_NOOP(
        "lists", "Another canned reply already uses this shortcut."
    ),
    "too-many-canned": QT_TRANSLATE_NOOP("lists", "There can be at most 500 canned replies here."),
    "canned-unknown": QT_TRANSLATE_NOOP("lists", "This canned reply was deleted meanwhile."),
    "canned-not-yours": QT_TRANSLATE_NOOP(
        "lists", "Only the device that wrote this personal reply can change it."
    ),
}

_COLOURS: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("lists", "Red"),
    QT_TRANSLATE_NOOP("lists", "Orange"),
    QT_TRANSLATE_NOOP("lists", "Yellow"),
    QT_TRANSLATE_NOOP("lists", "Green"),
    QT_TRANSLATE_NOOP("lists", "Teal"),
    QT_TRANSLATE_NOOP("lists", "Blue"),
    QT_TRANSLATE_NOOP("lists", "Purple"),
    QT_TRANSLATE_NOOP("lists", "Pink"),
    QT_TRANSLATE_NOOP("lists", "Grey"),
)
