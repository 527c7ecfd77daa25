"""The sync's pause on a refused write: told once, backed off, ended by the next write."""

from __future__ import annotations

from app.domain.errors import StoreUnavailable
from app.domain.model import LocalStoreState
from app.sync.store_pause import LONGEST_RETRY, StorePause


def test_a_pause_is_told_once_backs_off_and_ends_with_the_next_write() -> None:
    told: list[LocalStoreState] = []
    pause = StorePause(told.append)
    full = StoreUnavailable("disk full")

    delays = [pause.failed(full) for _ in range(8)]

    assert told == [LocalStoreState.FAILING]
    assert pause.error is full
    assert delays == sorted(delays)
    assert delays[0] < 1
    assert delays[-1] == LONGEST_RETRY
    pause.worked()
    pause.worked()
    assert told == [LocalStoreState.FAILING, LocalStoreState.OK]
    assert pause.error is None
    assert pause.failed(full) == delays[0]  # a new pause starts short again
    assert pause.failures == 9
