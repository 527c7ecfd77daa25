"""The per-record primitives of the open path keep the GIL for short input.

A catching-up desk opens records on a worker thread while the loop and SQLite's thread run
Python too. A call that releases the GIL, however briefly, must then wait for it to come back,
up to the switch interval (5 ms): measured 75 µs per record when each key commitment went
through CPython 3.11's one-shot `hmac.digest`, which releases it on every call.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from app.crypto.envelope import key_commit
from app.crypto.primitives import hmac_sha256


@pytest.fixture
def long_switch_interval() -> Iterator[None]:
    """A thread that gets the GIL keeps it until it blocks: no forced switch in the test."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _released_gil(work: Callable[[], object]) -> bool:
    """Whether `work` let another thread run: that thread is woken before `work` starts and
    can only run once the caller, which does not block meanwhile, lets the GIL go."""
    go = threading.Event()
    ran: list[bool] = []

    def other() -> None:
        go.wait()
        ran.append(True)

    thread = threading.Thread(target=other)
    thread.start()  # returns once `other` waits for `go`
    go.set()  # `other` is runnable from here on, but needs the GIL
    for _ in range(200):
        work()
    released = bool(ran)
    thread.join()
    return released


@pytest.mark.usefixtures("long_switch_interval")
def test_hmac_and_key_commitment_keep_the_gil() -> None:
    key = os.urandom(32)
    assert not _released_gil(lambda: hmac_sha256(key, b"conversation", b"CC.abc"))
    assert not _released_gil(lambda: key_commit(key))


@pytest.mark.usefixtures("long_switch_interval")
def test_the_probe_sees_a_call_that_releases_the_gil() -> None:
    """The check can fail: a short sleep lets the GIL go, as `hmac.digest` did."""
    assert _released_gil(lambda: time.sleep(0))
