"""Who is viewing or typing in which conversation, and when a send would be blind. PURE.

Presence is ephemeral state, never part of the team log: each desk announces what its agent
is doing ("viewing C", "typing in C", "stopped") in small sealed notes, re-announced while true,
and every other desk keeps what it heard in a `PresenceBoard`. Nothing here reads a clock: each
call is given `now` (Unix seconds).

Why the expiry is counted from the note's own time, capped by the receiver's clock: a note the
hub holds back or replays later must not make a colleague look present for longer than the
note's lifetime, and a sender whose clock runs ahead must not stretch it either.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.ids import ConversationId, DeviceId

VIEWING_TTL = 30.0
"""Seconds a "viewing" note counts without being refreshed (desks re-announce every 10 s).
A device is online while its last note of any kind is younger than this: every running desk
re-announces what it does, "stopped" included."""
TYPING_TTL = 6.0
"""Seconds a "typing" note counts without a further keystroke."""
REANNOUNCE_EVERY = 10.0
"""Seconds between re-announcements of an unchanged state."""
MAX_CLOCK_SKEW = 30.0
"""Notes dated further in the future than this are refused (a wrong clock or a forgery)."""


class Activity(enum.IntEnum):
    """What a note says the agent is doing. Values are wire format: never renumber."""

    STOPPED = 0
    """Left the conversation (or closed the desk, or the window lost focus)."""
    VIEWING = 1
    TYPING = 2
    """Typing a reply; implies viewing."""
    LEAVING = 3
    """The desk is closing: forget its author at once rather than when the note runs out.
    Desks older than this value refuse the note as malformed (logged, nothing else), so to
    them the author stays online until her last note runs out, as before."""

    @property
    def names_conversation(self) -> bool:
        """Whether a note with this activity names a conversation (viewing or typing)."""
        return self in (Activity.VIEWING, Activity.TYPING)


@dataclass(frozen=True, slots=True)
class PresenceNote:
    """One authenticated announcement, as opened from the hub."""

    author: DeviceId
    conversation_id: ConversationId | None
    """None with `Activity.STOPPED` and `Activity.LEAVING`."""
    activity: Activity
    sent_at: float
    """Unix seconds on the author's clock."""


@dataclass(frozen=True, slots=True)
class Colleague:
    """A colleague's device present in one conversation."""

    device: DeviceId
    typing: bool


@dataclass(frozen=True, slots=True)
class ConversationPresence:
    """Who else is in a conversation right now, in a stable order (by device id)."""

    colleagues: tuple[Colleague, ...] = ()

    @property
    def typing(self) -> tuple[DeviceId, ...]:
        return tuple(c.device for c in self.colleagues if c.typing)

    @property
    def viewing(self) -> tuple[DeviceId, ...]:
        """Everyone present, typing or not."""
        return tuple(c.device for c in self.colleagues)

    def __bool__(self) -> bool:
        return bool(self.colleagues)


NOBODY = ConversationPresence()


@dataclass(frozen=True, slots=True)
class _Seen:
    conversation_id: ConversationId
    viewing_until: float
    typing_until: float


class PresenceBoard:
    """What one desk knows of its colleagues' presence.

    Each author has at most one current note: a desk views one conversation at a time. Notes
    from `me`, older than the author's newest accepted note (replays, reordering), already
    expired, or dated too far ahead are ignored.
    """

    def __init__(self, me: DeviceId) -> None:
        self._me = me
        self._newest: dict[DeviceId, float] = {}
        """Per author, `sent_at` of the newest accepted note; kept after expiry (replays)."""
        self._current: dict[DeviceId, _Seen] = {}
        self._heard: dict[DeviceId, float] = {}
        """Per author, when its newest note counts from (capped by our clock)."""

    def receive(self, note: PresenceNote, now: float) -> frozenset[ConversationId]:
        """Take a note; returns the conversations whose presence changed (empty if ignored)."""
        if note.author == self._me or not self._fresh(note, now):
            return frozenset()
        self._newest[note.author] = note.sent_at
        if note.activity is Activity.LEAVING:
            return self.forget([note.author])
        self._heard[note.author] = _start(note, now)
        before = self._current.get(note.author)
        after = _seen(note, now)
        if after is None:
            self._current.pop(note.author, None)
        else:
            self._current[note.author] = after
        return _touched(before, after, now)

    def expire(self, now: float) -> frozenset[ConversationId]:
        """Drop what ran out by `now`; returns the conversations whose presence changed."""
        changed: set[ConversationId] = set()
        for author, seen in list(self._current.items()):
            if seen.viewing_until <= now:
                del self._current[author]
                changed.add(seen.conversation_id)
            elif seen.typing_until and seen.typing_until <= now:
                self._current[author] = _Seen(seen.conversation_id, seen.viewing_until, 0.0)
                changed.add(seen.conversation_id)
        return frozenset(changed)

    def next_expiry(self) -> float | None:
        """The earliest time something runs out, to wake up then; None if nothing will."""
        times = [s.typing_until or s.viewing_until for s in self._current.values()]
        return min(times) if times else None

    def of(self, conversation_id: ConversationId, now: float) -> ConversationPresence:
        """Colleagues in `conversation_id` at `now`."""
        found = [
            Colleague(author, seen.typing_until > 0 and now < seen.typing_until)
            for author, seen in self._current.items()
            if seen.conversation_id == conversation_id and now < seen.viewing_until
        ]
        return ConversationPresence(tuple(sorted(found, key=_by_device)))

    def online(self, now: float) -> frozenset[DeviceId]:
        """Colleagues' devices heard within `VIEWING_TTL` (this desk is not among them)."""
        return frozenset(a for a, heard in self._heard.items() if heard + VIEWING_TTL > now)

    def forget(self, authors: Iterable[DeviceId]) -> frozenset[ConversationId]:
        """Drop removed devices at once; returns the conversations whose presence changed."""
        changed = set()
        for author in authors:
            self._heard.pop(author, None)
            seen = self._current.pop(author, None)
            if seen is not None:
                changed.add(seen.conversation_id)
        return frozenset(changed)

    def _fresh(self, note: PresenceNote, now: float) -> bool:
        newest = self._newest.get(note.author)
        if newest is not None and note.sent_at <= newest:
            return False
        if note.sent_at > now + MAX_CLOCK_SKEW:
            return False
        if not note.activity.names_conversation:
            return True
        return _start(note, now) + VIEWING_TTL > now


def _start(note: PresenceNote, now: float) -> float:
    return min(note.sent_at, now)


def _seen(note: PresenceNote, now: float) -> _Seen | None:
    if not note.activity.names_conversation or note.conversation_id is None:
        return None
    start = _start(note, now)
    typing_until = start + TYPING_TTL if note.activity is Activity.TYPING else 0.0
    return _Seen(note.conversation_id, start + VIEWING_TTL, typing_until)


def _touched(before: _Seen | None, after: _Seen | None, now: float) -> frozenset[ConversationId]:
    def shown(seen: _Seen | None) -> tuple[ConversationId, bool] | None:
        if seen is None:
            return None
        return seen.conversation_id, now < seen.typing_until

    if shown(before) == shown(after):
        return frozenset()
    return frozenset(s.conversation_id for s in (before, after) if s is not None)


def _by_device(colleague: Colleague) -> bytes:
    return colleague.device


def send_is_blind(seen_position: int | None, newest_foreign_position: int | None) -> bool:
    """Whether sending now would answer without having seen the newest message.

    Args:
        seen_position: The newest message position the agent had in view when they began
            writing (or last reviewed); None when the desk does not say, which never blocks.
        newest_foreign_position: The position of the conversation's newest message that is not
            the agent's own (a customer's or a colleague's); None if there is none.
    """
    if seen_position is None or newest_foreign_position is None:
        return False
    return newest_foreign_position > seen_position
