"""The customer panel's rules: when to say the customer may have blocked us, and where earlier
conversations begin and end."""

from __future__ import annotations

import pytest

from app.domain.ids import DeviceId, EventId
from app.domain.model import DeliveryStatus
from app.domain.profile import (
    OutboundOutcome,
    episode_bounds,
    phone_groups,
    undeliverable_streak,
)

S = DeliveryStatus
BLOCKED = OutboundOutcome(S.FAILED, 131026)
ANNA = DeviceId(b"A" * 16)


@pytest.mark.parametrize(
    ("newest_first", "streak"),
    [
        ([], 0),
        ([BLOCKED], 1),
        ([BLOCKED, BLOCKED, BLOCKED], 3),
        # A delivered message ends the streak: what failed before it is history.
        ([BLOCKED, OutboundOutcome(S.READ), BLOCKED], 1),
        ([OutboundOutcome(S.DELIVERED), BLOCKED], 0),
        # Messages still on their way say nothing yet, nor does merely `sent`.
        ([OutboundOutcome(S.PENDING), OutboundOutcome(S.SENT), BLOCKED], 1),
        # Other failures are not a sign of a block: the window closed, a rate limit, …
        ([OutboundOutcome(S.FAILED, 131047), BLOCKED], 1),
        ([OutboundOutcome(S.FAILED, 131047), OutboundOutcome(S.FAILED, 131056)], 0),
        ([OutboundOutcome(S.FAILED, 130472)], 0),
        ([OutboundOutcome(S.CONFLICT)], 0),
    ],
)
def test_undeliverable_streak(newest_first: list[OutboundOutcome], streak: int) -> None:
    assert undeliverable_streak(newest_first) == streak


def _line(position: int) -> tuple[int, int, DeviceId | None, EventId]:
    return position, position * 10, ANNA, EventId(bytes([position]) * 16)


def test_each_resolve_ends_an_episode_that_began_after_the_one_before() -> None:
    bounds, more = episode_bounds([_line(30), _line(20), _line(7)], limit=5)
    assert not more
    assert [(b.after_position, b.resolved_position) for b in bounds] == [(20, 30), (7, 20), (0, 7)]
    assert bounds[0].resolved_at == 300
    assert bounds[0].resolved_by == ANNA


def test_the_line_beyond_the_limit_only_marks_where_the_oldest_begins() -> None:
    bounds, more = episode_bounds([_line(30), _line(20), _line(7)], limit=2)
    assert more
    assert [(b.after_position, b.resolved_position) for b in bounds] == [(20, 30), (7, 20)]


def test_no_resolves_no_episodes() -> None:
    assert episode_bounds([], limit=3) == ([], False)


@pytest.mark.parametrize(
    ("wa_id", "groups"),
    [
        ("4915112345678", ("49", "151", "1234", "5678")),
        ("14155550123", ("1", "415", "555", "0123")),
        ("447911123456", ("44", "791", "112", "3456")),
        ("353861234567", ("353", "861", "23", "4567")),
        ("79161234567", ("7", "916", "123", "4567")),
        ("491511234", ("49", "151", "1234")),
        ("4930", ("49", "30")),
        ("", ()),
        ("DE.1349120865", ("DE.1349120865",)),
    ],
)
def test_phone_groups(wa_id: str, groups: tuple[str, ...]) -> None:
    assert phone_groups(wa_id) == groups
    assert "".join(phone_groups(wa_id)) == wa_id  # never a digit lost or moved
