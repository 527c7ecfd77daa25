"""The sync's side of a replica that stops taking writes (a full disk, an I/O error).

Applying a batch is one transaction with the cursor, so a failed write leaves the replica
exactly as it was: the same batch can be written again later, and no record is skipped. The
engine keeps the batch in hand and tries again with back-off until a write works, while
`StorePause` keeps the count, the delay and what the desk was told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.domain.errors import StoreUnavailable
from app.domain.model import LocalStoreState

log = logging.getLogger(__name__)

FIRST_RETRY = 0.25
"""Seconds before the first retry: a write that failed once may work at once (a log rotated)."""
LONGEST_RETRY = 5.0
"""Seconds at most between retries: once the person frees space, syncing goes on this soon.
A retry costs one small failed write, so trying every few seconds costs nothing to speak of."""


class StorePause:
    """Whether the sync waits for the replica to take writes again, and for how long next."""

    def __init__(self, on_state: Callable[[LocalStoreState], None] | None = None) -> None:
        self._on_state = on_state or (lambda _state: None)
        self._attempt = 0
        self.error: StoreUnavailable | None = None
        """Why the sync is paused; None while writes work."""
        self.failures = 0
        """Failed writes since the engine started (each was tried again)."""

    def failed(self, error: StoreUnavailable) -> float:
        """A write failed: pause (telling the desk on the first failure); returns the seconds
        to wait before the next try."""
        self.failures += 1
        self._attempt += 1
        if self.error is None:
            # The message names the file and the cause (disk full, damaged page), never content.
            log.warning("syncing paused: the local store failed (%s): %s", error.code, error)
            self._on_state(LocalStoreState.FAILING)
        self.error = error
        return min(LONGEST_RETRY, FIRST_RETRY * 2.0 ** (self._attempt - 1))

    def worked(self) -> None:
        """A write worked: end a pause, telling the desk."""
        if self.error is None:
            return
        log.info("syncing goes on: the local store takes writes again")
        self.error = None
        self._attempt = 0
        self._on_state(LocalStoreState.OK)
