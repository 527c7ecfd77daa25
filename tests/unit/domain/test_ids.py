"""Event ids that grow with their author's clock, and the short form logs print."""

from __future__ import annotations

import os

import pytest

from app.domain.ids import EVENT_ID_RANDOM_LEN, short, time_ordered_event_id

_MS = 1_767_225_600_123


def test_an_event_id_is_the_clock_then_the_random_bytes() -> None:
    entropy = bytes(range(EVENT_ID_RANDOM_LEN))

    event_id = time_ordered_event_id(_MS, entropy)

    assert len(event_id) == 16
    assert int.from_bytes(event_id[:6], "big") == _MS
    assert event_id[6:] == entropy


def test_later_ids_sort_after_earlier_ones_whatever_their_random_bytes() -> None:
    earlier = time_ordered_event_id(_MS, b"\xff" * EVENT_ID_RANDOM_LEN)
    later = time_ordered_event_id(_MS + 1, b"\x00" * EVENT_ID_RANDOM_LEN)

    assert earlier < later


def test_ids_of_one_millisecond_differ_by_their_random_bytes() -> None:
    ids = {time_ordered_event_id(_MS, os.urandom(EVENT_ID_RANDOM_LEN)) for _ in range(1000)}

    assert len(ids) == 1000


def test_an_id_needs_exactly_its_random_bytes() -> None:
    with pytest.raises(ValueError, match="random bytes"):
        time_ordered_event_id(_MS, b"\x00" * 8)


def test_the_short_form_is_the_random_end_not_the_shared_clock() -> None:
    first = time_ordered_event_id(_MS, b"\x01" * EVENT_ID_RANDOM_LEN)
    second = time_ordered_event_id(_MS, b"\x02" * EVENT_ID_RANDOM_LEN)

    assert short(first) != short(second)
    assert short(first) == "01010101"
