"""Private notes: words for the team inside a conversation, never sent to the customer.

PURE. A note names the colleagues it mentions explicitly (device ids chosen in the composer),
so a mention never depends on how a name is spelled or on two colleagues sharing one.
"""

from __future__ import annotations

MAX_NOTE_CHARS = 4096
MAX_MENTIONS = 32


def note_refusal(text: str, mentions: tuple[bytes, ...]) -> str | None:
    """Why a note cannot be added (a stable code), or None: `note-empty`, `note-too-long`,
    `too-many-mentions`."""
    if not text.strip():
        return "note-empty"
    if len(text) > MAX_NOTE_CHARS:
        return "note-too-long"
    if len(set(mentions)) > MAX_MENTIONS:
        return "too-many-mentions"
    return None
