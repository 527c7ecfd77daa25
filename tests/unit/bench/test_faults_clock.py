"""The fault bench's run clock: the machine's time plus an offset that only moves forward."""

from __future__ import annotations

import time

import pytest

from app.bench.faults_clock import RunClock


def test_the_clock_runs_ahead_by_its_offset() -> None:
    clock = RunClock()
    clock.set_offset(3600)

    assert clock() - time.time() == pytest.approx(3600, abs=5)


def test_the_clock_never_goes_back() -> None:
    clock = RunClock(7200)

    with pytest.raises(ValueError, match="never goes back"):
        clock.set_offset(3600)
    assert clock.offset == 7200
