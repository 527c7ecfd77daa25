"""Holding a desk's sync midway, so "while it syncs" is a state a test controls, not a race.

Each batch the engine's worker opens takes a permit first, as behind a hub that is slow or
stalls; nothing else of the pipeline changes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from app.sync.engine import SyncEngine
from app.sync.protocol import Received
from app.sync.transport import LogRecord

PLENTY = 1_000_000
"""Permits that let every batch still to come through."""


class Held:
    """Holds `engine` from now on: no batch is opened until `allow` or `release`."""

    def __init__(self, engine: SyncEngine) -> None:
        self._permits = threading.Semaphore(0)
        self._open = engine._receive_all  # looking behind the API, as a slow hub would
        engine._receive_all = self._paced  # type: ignore[method-assign]

    def _paced(self, records: Sequence[LogRecord]) -> list[Received]:
        self._permits.acquire()
        return self._open(records)

    def allow(self, batches: int) -> None:
        """Let `batches` more batches through."""
        for _ in range(batches):
            self._permits.release()

    def release(self) -> None:
        """Let the sync run freely again (also in a `finally`: never leave the worker waiting)."""
        self._permits.release(PLENTY)
