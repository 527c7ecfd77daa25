"""Where the machine's CPU goes during `bench live`, and what it leaves each desk per message.

On one machine the desks share the cores with the hub, the gateway, Meta's stand-in (the
simulator and its customers, in a process of their own: `live_meta`) and whatever else runs.
A desk that needs more CPU per message than the rest of the machine leaves it falls behind,
and the queue in front of it is the latency: no tuning of the pipeline helps then. So the
bench prints, beside the latencies, each part's CPU per message and the desks' budget:

    budget = (cores × seconds − hub − gateway − Meta − everything else) / (messages × desks)

Linux only (the kernel's counters in /proc); elsewhere `mark` gives None and the rows are left
out.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CpuMark", "CpuShares", "mark", "process_cpu", "shares"]

_STAT = Path("/proc/stat")


@dataclass(frozen=True, slots=True)
class CpuMark:
    """CPU seconds used so far: the whole machine, this process (the gateway, and the bench
    listening to the desks), the hub's nats-server and Meta's process."""

    at: float
    """Monotonic seconds."""
    machine: float
    """Busy CPU seconds of all cores together (not idle, not waiting for I/O)."""
    own: float
    hub: float
    meta: float = 0.0


@dataclass(frozen=True, slots=True)
class CpuShares:
    """Between two marks, in CPU seconds per message sent (per desk where named so)."""

    cores: int
    busy_cores: float
    """Cores busy on average over the window, whoever used them."""
    own: float
    """This process: the gateway, and the bench reading the desks' counts."""
    hub: float
    meta: float
    """Meta's process: the simulator, its customers and their pacing."""
    others: float
    """Everything on the machine that is neither a desk, the hub, Meta nor this process."""
    desk_need: float
    """A desk's CPU per message it applied, all its threads, averaged over the desks."""
    desk_budget: float
    """What the machine leaves each desk per message once the rest has had its share."""

    @property
    def load(self) -> float:
        """The desks' demand over what is left for them: at 1 or more they fall behind."""
        return self.desk_need / self.desk_budget if self.desk_budget > 0 else float("inf")


def mark(
    hub_pid: int | None, meta_pid: int | None = None, own_helpers: Sequence[int] = ()
) -> CpuMark | None:
    """The counters now; None where there is no /proc. `own_helpers`: processes of this
    one's gateway (its spool's writer), counted as this process."""
    if not _STAT.is_file():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    fields = _STAT.read_text().splitlines()[0].split()[1:]
    # user nice system idle iowait irq softirq steal: idle and iowait are not work.
    busy = sum(int(v) for i, v in enumerate(fields[:8]) if i not in (3, 4)) / ticks
    own = os.times()
    return CpuMark(
        time.monotonic(),
        busy,
        own.user + own.system + sum(_process_cpu(pid, ticks) for pid in own_helpers),
        _process_cpu(hub_pid, ticks),
        _process_cpu(meta_pid, ticks),
    )


def shares(
    first: CpuMark, last: CpuMark, desks_cpu: list[float], sent: int, desks: int
) -> CpuShares:
    """Split the window between `first` and `last`: `desks_cpu` is each desk's CPU seconds
    over (about) the same window, from its own per-thread counters."""
    cores = os.cpu_count() or 1
    seconds = last.at - first.at
    per_message = max(sent, 1)
    own, hub, meta = last.own - first.own, last.hub - first.hub, last.meta - first.meta
    used = last.machine - first.machine
    others = max(0.0, used - own - hub - meta - sum(desks_cpu))
    left = cores * seconds - own - hub - meta - others
    return CpuShares(
        cores=cores,
        busy_cores=used / seconds if seconds > 0 else 0.0,
        own=own / per_message,
        hub=hub / per_message,
        meta=meta / per_message,
        others=others / per_message,
        desk_need=sum(desks_cpu) / len(desks_cpu) / per_message if desks_cpu else 0.0,
        desk_budget=max(0.0, left) / (per_message * max(desks, 1)),
    )


def process_cpu(pids: Sequence[int]) -> float:
    """CPU seconds the processes `pids` used so far (0 for one that is gone, or no /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(_process_cpu(pid, ticks) for pid in pids)


def _process_cpu(pid: int | None, ticks: int) -> float:
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the process restarted or ended meanwhile: its CPU is not counted
        return 0.0
    return (int(fields[11]) + int(fields[12])) / ticks
