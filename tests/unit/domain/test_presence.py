"""The presence board and the blind-send rule, on a clock the tests move by hand."""

from __future__ import annotations

import pytest

from app.domain.ids import ConversationId, DeviceId
from app.domain.presence import (
    MAX_CLOCK_SKEW,
    TYPING_TTL,
    VIEWING_TTL,
    Activity,
    Colleague,
    PresenceBoard,
    PresenceNote,
    send_is_blind,
)

ME, BEN, CARLA = DeviceId(b"m" * 16), DeviceId(b"b" * 16), DeviceId(b"c" * 16)
C1, C2 = ConversationId(b"1" * 16), ConversationId(b"2" * 16)
T0 = 1_000_000.0


def note(
    author: DeviceId, room: ConversationId | None, activity: Activity, at: float
) -> PresenceNote:
    return PresenceNote(author, room, activity, at)


def test_a_viewer_appears_and_is_kept_while_refreshed() -> None:
    board = PresenceBoard(ME)

    assert board.receive(note(BEN, C1, Activity.VIEWING, T0), T0) == {C1}
    assert board.of(C1, T0).viewing == (BEN,)
    assert not board.of(C2, T0)

    # A refresh with nothing new changes nothing visible, and keeps Ben for another 30 s.
    assert board.receive(note(BEN, C1, Activity.VIEWING, T0 + 10), T0 + 10) == frozenset()
    assert board.expire(T0 + VIEWING_TTL + 5) == frozenset()
    assert board.of(C1, T0 + VIEWING_TTL + 5).viewing == (BEN,)


def test_a_viewer_who_stops_refreshing_expires() -> None:
    board = PresenceBoard(ME)
    board.receive(note(BEN, C1, Activity.VIEWING, T0), T0)

    assert board.next_expiry() == T0 + VIEWING_TTL
    assert board.expire(T0 + VIEWING_TTL - 1) == frozenset()
    assert board.expire(T0 + VIEWING_TTL) == {C1}
    assert not board.of(C1, T0 + VIEWING_TTL)
    assert board.next_expiry() is None


def test_typing_runs_out_sooner_and_leaves_the_viewer() -> None:
    board = PresenceBoard(ME)
    board.receive(note(BEN, C1, Activity.TYPING, T0), T0)

    assert board.of(C1, T0 + 1).colleagues == (Colleague(BEN, typing=True),)
    assert board.next_expiry() == T0 + TYPING_TTL
    assert board.expire(T0 + TYPING_TTL) == {C1}
    assert board.of(C1, T0 + TYPING_TTL).colleagues == (Colleague(BEN, typing=False),)


def test_moving_or_stopping_changes_both_conversations() -> None:
    board = PresenceBoard(ME)
    board.receive(note(BEN, C1, Activity.VIEWING, T0), T0)

    assert board.receive(note(BEN, C2, Activity.VIEWING, T0 + 1), T0 + 1) == {C1, C2}
    assert not board.of(C1, T0 + 1)
    assert board.receive(note(BEN, None, Activity.STOPPED, T0 + 2), T0 + 2) == {C2}
    assert not board.of(C2, T0 + 2)


def test_replayed_and_out_of_order_notes_are_ignored() -> None:
    board = PresenceBoard(ME)
    board.receive(note(BEN, C1, Activity.VIEWING, T0), T0)
    board.receive(note(BEN, None, Activity.STOPPED, T0 + 5), T0 + 5)

    # The hub hands over the first note again, and a note that was overtaken.
    assert board.receive(note(BEN, C1, Activity.VIEWING, T0), T0 + 6) == frozenset()
    assert board.receive(note(BEN, C2, Activity.TYPING, T0 + 4), T0 + 6) == frozenset()
    assert not board.of(C1, T0 + 6)
    assert not board.of(C2, T0 + 6)


def test_a_note_held_back_counts_only_for_what_is_left_of_its_life() -> None:
    board = PresenceBoard(ME)

    assert board.receive(note(BEN, C1, Activity.VIEWING, T0), T0 + VIEWING_TTL) == frozenset()
    assert board.receive(note(CARLA, C1, Activity.VIEWING, T0), T0 + 25) == {C1}
    assert board.next_expiry() == T0 + VIEWING_TTL


def test_notes_from_far_in_the_future_and_my_own_are_ignored() -> None:
    board = PresenceBoard(ME)

    ahead = T0 + MAX_CLOCK_SKEW + 1
    assert board.receive(note(BEN, C1, Activity.VIEWING, ahead), T0) == frozenset()
    assert board.receive(note(ME, C1, Activity.VIEWING, T0), T0) == frozenset()
    assert not board.of(C1, T0)
    # A note a little ahead lives no longer than one sent now.
    board.receive(note(CARLA, C1, Activity.VIEWING, T0 + 20), T0)
    assert board.next_expiry() == T0 + VIEWING_TTL


def test_several_colleagues_are_listed_in_a_stable_order() -> None:
    board = PresenceBoard(ME)
    board.receive(note(CARLA, C1, Activity.TYPING, T0), T0)
    board.receive(note(BEN, C1, Activity.VIEWING, T0), T0)

    presence = board.of(C1, T0)
    assert presence.viewing == (BEN, CARLA)
    assert presence.typing == (CARLA,)
    assert board.forget([CARLA]) == {C1}
    assert board.of(C1, T0).viewing == (BEN,)


@pytest.mark.parametrize(
    ("seen", "newest", "blind"),
    [(None, 9, False), (5, None, False), (9, 9, False), (9, 5, False), (5, 9, True)],
)
def test_a_send_is_blind_only_past_what_the_agent_saw(
    seen: int | None, newest: int | None, blind: bool
) -> None:
    assert send_is_blind(seen, newest) is blind


def test_a_device_is_online_while_any_note_of_it_is_fresh() -> None:
    board = PresenceBoard(ME)
    assert board.online(T0) == frozenset()
    board.receive(note(BEN, None, Activity.STOPPED, T0), T0)
    board.receive(note(ME, None, Activity.STOPPED, T0), T0)  # our own notes do not count
    assert board.online(T0 + 1) == {BEN}
    assert board.online(T0 + VIEWING_TTL) == frozenset()
    board.receive(note(BEN, C1, Activity.VIEWING, T0 + 40), T0 + 40)
    assert board.online(T0 + 41) == {BEN}
    board.forget([BEN])
    assert board.online(T0 + 41) == frozenset()


def test_a_leaving_colleague_is_forgotten_at_once() -> None:
    board = PresenceBoard(ME)
    viewing = note(BEN, C1, Activity.VIEWING, T0)
    board.receive(viewing, T0)
    board.receive(note(CARLA, None, Activity.STOPPED, T0), T0)
    assert board.receive(note(BEN, None, Activity.LEAVING, T0 + 1), T0 + 1) == {C1}
    assert board.online(T0 + 1) == {CARLA}  # not 30 s later: she quit
    assert not board.of(C1, T0 + 1)
    assert board.receive(viewing, T0 + 2) == frozenset()  # a replay does not bring her back
    assert board.online(T0 + 2) == {CARLA}
    board.receive(note(BEN, None, Activity.STOPPED, T0 + 60), T0 + 60)  # she opens it again
    assert BEN in board.online(T0 + 60)
