"""The simulated wall clock of a `switchboard bench faults` run, so a fault can let hours pass.

Every process of the run reads the same time: the machine's clock plus an offset the runner
moves forward. The simulator (in the runner's process) takes the runner's `RunClock`; the
gateway and each desk run their own, set through a ``clock <offset>`` line on stdin and handed
to every new life at its start (`Child.clock_offset`), as machines whose clocks agree would.
Only forward: time never runs back for a process.
"""

from __future__ import annotations

import time


class RunClock:
    """Unix seconds, `offset` ahead of the machine's clock."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def __call__(self) -> float:
        return time.time() + self.offset

    def set_offset(self, offset: float) -> None:
        """Move to `offset` (seconds ahead of the machine); never back."""
        if offset < self.offset:
            raise ValueError("a run's clock never goes back")
        self.offset = offset
