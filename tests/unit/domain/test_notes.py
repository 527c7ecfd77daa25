"""Private notes: what may be added, and whom an @Name mentions."""

from __future__ import annotations

from app.domain.notes import MAX_MENTIONS, MAX_NOTE_CHARS, mentions_in, note_refusal

ANN, ANN_MARIE, BEN = b"a" * 16, b"m" * 16, b"b" * 16
TEAM = [(ANN, "Ann"), (ANN_MARIE, "Ann Marie"), (BEN, "Ben")]


def test_notes_must_say_something_within_limits() -> None:
    assert note_refusal("  ", ()) == "note-empty"
    assert note_refusal("x" * (MAX_NOTE_CHARS + 1), ()) == "note-too-long"
    many = tuple(bytes([i]) * 16 for i in range(MAX_MENTIONS + 1))
    assert note_refusal("hi", many) == "too-many-mentions"
    assert note_refusal("hi", (BEN,)) is None


def test_mentions_follow_the_text_longest_name_first_each_once() -> None:
    assert mentions_in("@Ben and @ann marie, see this. @ben again", TEAM) == (BEN, ANN_MARIE)
    assert mentions_in("@Ann please", TEAM) == (ANN,)
    assert mentions_in("@Benjamin is not Ben", TEAM) == ()
    assert mentions_in("mail ann@example.com", TEAM) == ()
    assert mentions_in("no mention", TEAM) == ()
