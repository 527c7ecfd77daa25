"""Conversation labels: names and colours an admin defines, that agents put on conversations.

PURE. A label is known by a random id, so renaming or recolouring it keeps every conversation
that carries it; a deleted label stays a tombstone, so a late copy of its definition cannot
bring it back. The rules here are the ones desks check before publishing and the fold checks
again (`app.log.kinds.label_defined`, `conversation_labelled`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType

LabelId = NewType("LabelId", bytes)
"""16 random bytes, chosen by the admin's desk when the label is first defined."""

MAX_LABEL_CHARS = 40
MAX_LABELS = 200
"""Labels a team may have at once: a picker and a filter stay usable."""
MAX_COLOUR = 0xFFFFFF

PALETTE: tuple[int, ...] = (
    0xD93F3F,
    0xE8833A,
    0xD4A72C,
    0x2DA44E,
    0x1F9E9E,
    0x3A7BD5,
    0x7E57C2,
    0xC2418F,
    0x6E7781,
)
"""Colours offered for a new label: distinct on light and dark themes, readable as chips."""


@dataclass(frozen=True, slots=True)
class Label:
    """One label as the team defined it last."""

    label_id: LabelId
    name: str
    colour: int
    """0xRRGGBB."""


def clean_label_name(name: str) -> str:
    """The name as kept: runs of whitespace made one space, ends trimmed."""
    return " ".join(name.split())


def label_refusal(name: str, colour: int, others: tuple[Label, ...] = ()) -> str | None:
    """Why a label cannot be defined so (a stable code), or None: `label-empty`,
    `label-too-long`, `label-colour`, `label-taken` (another label has the name, whatever its
    case) or `too-many-labels` (`others` are the team's other labels)."""
    cleaned = clean_label_name(name)
    if not cleaned:
        return "label-empty"
    if len(cleaned) > MAX_LABEL_CHARS:
        return "label-too-long"
    if not 0 <= colour <= MAX_COLOUR:
        return "label-colour"
    if any(o.name.casefold() == cleaned.casefold() for o in others):
        return "label-taken"
    if len(others) >= MAX_LABELS:
        return "too-many-labels"
    return None


def by_name(labels: tuple[Label, ...] | list[Label]) -> list[Label]:
    """Labels in the order lists show them: by name, case-insensitively, then id."""
    return sorted(labels, key=lambda label: (label.name.casefold(), label.label_id))


def next_colour(labels: tuple[Label, ...] | list[Label]) -> int:
    """The palette colour fewest labels use yet (the first of those), for a new label."""
    used = [label.colour for label in labels]
    return min(PALETTE, key=lambda colour: (used.count(colour), PALETTE.index(colour)))
