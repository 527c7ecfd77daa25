"""The bare desks' floor: what their told commit times add up to (`bench live`)."""

from __future__ import annotations

import math

import pytest

from app.bench.fanout_floor import Told, figures


def _desk(committed: dict[int, float], cpu: float, batches: int) -> Told:
    return Told(committed, cpu, batches)


def test_a_message_counts_when_its_last_bare_desk_committed_it() -> None:
    sent = {0: 10.0, 1: 10.5}
    desks = [
        _desk({0: 10.010, 1: 10.520}, cpu=0.002, batches=2),
        _desk({0: 10.030, 1: 10.505}, cpu=0.004, batches=1),
    ]
    floor = figures(sent, desks)
    assert floor.every_desk.count == 2
    assert floor.every_desk.max == pytest.approx(30.0)  # message 0 on the second desk
    assert floor.every_desk.p50 == pytest.approx(30.0)
    assert floor.lost == 0
    assert floor.sent == 2
    assert floor.per_batch == pytest.approx(4 / 3)
    assert floor.desk_cpu == pytest.approx((0.001 + 0.002) / 2)


def test_a_message_missing_on_one_bare_desk_is_lost_not_timed() -> None:
    sent = {0: 1.0, 1: 2.0}
    desks = [_desk({0: 1.01, 1: 2.01}, 0.001, 1), _desk({0: 1.02}, 0.001, 1)]
    floor = figures(sent, desks)
    assert floor.lost == 1
    assert floor.every_desk.count == 1
    assert floor.every_desk.max == pytest.approx(20.0)


def test_bare_desks_that_committed_nothing_give_no_figures() -> None:
    floor = figures({0: 1.0}, [_desk({}, 0.0, 0)])
    assert floor.lost == 1
    assert math.isnan(floor.every_desk.p99)
    assert floor.desk_cpu == 0.0
    assert floor.per_batch == 0.0
