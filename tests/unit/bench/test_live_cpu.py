"""The live bench's CPU budget: who used the machine, and what it left each desk."""

from __future__ import annotations

import os
import sys

import pytest

from app.bench.live_cpu import CpuMark, mark, shares


def test_what_is_left_is_split_between_the_desks_per_message() -> None:
    cores = os.cpu_count() or 1
    first = CpuMark(at=100.0, machine=50.0, own=5.0, hub=1.0, meta=3.0)
    # 10 s: this process 2 s, the hub 1 s, Meta 0.5 s, the desks 4 s, something else 1 s.
    last = CpuMark(at=110.0, machine=58.5, own=7.0, hub=2.0, meta=3.5)
    split = shares(first, last, desks_cpu=[2.0, 2.0], sent=1000, desks=2)
    assert split.busy_cores == pytest.approx(0.85)
    assert split.own == pytest.approx(2e-3)
    assert split.hub == pytest.approx(1e-3)
    assert split.meta == pytest.approx(0.5e-3)
    assert split.others == pytest.approx(1e-3)
    assert split.desk_need == pytest.approx(2e-3)
    left = cores * 10.0 - 2.0 - 1.0 - 0.5 - 1.0
    assert split.desk_budget == pytest.approx(left / 2000)
    assert split.load == pytest.approx(2e-3 / (left / 2000))


def test_a_machine_with_nothing_left_shows_an_endless_demand() -> None:
    first = CpuMark(at=0.0, machine=0.0, own=0.0, hub=0.0)
    last = CpuMark(at=1.0, machine=64.0, own=64.0, hub=0.0)  # more than any core count here
    split = shares(first, last, desks_cpu=[0.5], sent=10, desks=1)
    assert split.desk_budget == 0.0
    assert split.load == float("inf")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_marks_only_grow() -> None:
    before = mark(os.getpid(), os.getpid())
    sum(i * i for i in range(200_000))  # some CPU for this process
    after = mark(os.getpid(), os.getpid())
    assert before is not None
    assert after is not None
    assert after.own >= before.own  # ticks are coarse: equal after a short while
    assert after.meta >= before.meta
    assert after.machine >= before.machine
    assert after.at > before.at
