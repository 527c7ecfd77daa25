"""Logging a failure the gateway lives through: the machine's in one line, a bug's in full.

A full disk fails every run the gateway seals until there is room, a few a second: one line
each with a traceback buried the log (318 in a minute). The machine's faults say what is
wrong in a sentence, once until it works again; only a bug keeps its traceback, every time.
"""

from __future__ import annotations

import logging

from app.stop_reason import stop_reason

__all__ = ["Trouble"]


class Trouble:
    """One kind of work that can fail (sealing a run, handling settings): its log lines."""

    def __init__(self, log: logging.Logger, what: str) -> None:
        self._log = log
        self._what = what
        self._told: str | None = None

    def failed(self, exc: BaseException) -> None:
        """Log a failure: a bug with its traceback, the machine's once until `worked`."""
        reason = stop_reason(exc, stopped=False)
        if reason is None:
            self._log.error("%s failed", self._what, exc_info=exc)
        elif reason != self._told:
            self._log.warning("%s failed: %s", self._what, reason)
        self._told = reason

    def worked(self) -> None:
        """It worked: a failure told before is over, and the next one is told again."""
        if self._told is not None:
            self._log.info("%s works again", self._what)
            self._told = None
