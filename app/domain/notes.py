"""Private notes: words for the team inside a conversation, never sent to the customer.

PURE. A note names the colleagues it mentions explicitly (device ids chosen in the composer),
so a mention never depends on how a name is spelled or on two colleagues sharing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T", bound=bytes)

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


def mentions_in(text: str, colleagues: Sequence[tuple[T, str]]) -> tuple[T, ...]:
    """The colleagues an `@Name` in `text` names, in the order written, each once.

    Longer names win over their prefixes ("@Ann Marie" is not "@Ann"); a name matches only as a
    whole word, case-insensitively; an `@` naming nobody is left as text.
    """
    by_length = sorted(colleagues, key=lambda pair: len(pair[1]), reverse=True)
    folded = text.casefold()
    found: list[tuple[int, T]] = []
    taken: set[int] = set()
    for device, name in by_length:
        needle = "@" + name.casefold()
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            whole = end == len(folded) or not folded[end].isalnum()
            if whole and start not in taken:
                taken.update(range(start, end))
                found.append((start, device))
                break
            start = folded.find(needle, start + 1)
    ordered = [device for _, device in sorted(found)]
    return tuple(dict.fromkeys(ordered))
