"""One desk in a process of its own, for `switchboard bench live`, as on its own computer.

``python -m app.bench.desk_process`` reads one JSON line on stdin: ``hub_url``,
``tls_fingerprint`` (hex or null), ``profile`` (the folder of a desk enrolled earlier) and
``dmk`` (its device master key, hex; the bench's throwaway team, never a person's). It opens the
desk as a desk starts the next morning, waits until it has caught up and prints ``ready``.
From then on it notes, per new message, the monotonic time at which its change notice arrived
(after the batch's commit), and tells the parent ``c <messages so far>`` at most every
`app.bench.child.COUNT_EVERY` seconds. When stdin says ``stop`` (or closes) it prints one
line ``<wamid> <seconds>`` per message it applied, read back from its replica, one line
``cpu <thread> <seconds> …`` with the CPU each kind of thread used since ``ready`` (Linux only,
from /proc), ``batches <n>`` (the applied batches that brought messages), then ``done``.

`time.monotonic` is the same clock in every process of one machine, so the parent compares
these times with its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

from app.bench.child import CountTeller, run_child, say
from app.bench.running import collected_as_the_desk_app
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import EventId
from app.services.api import Changes
from app.system.profile import Profile


async def main() -> None:
    # The desk app collects cycles from its loop, never on allocation (app.system.collection).
    async with collected_as_the_desk_app():
        await _desk()


async def _desk() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given = json.loads(await reader.readline())
    dmk = bytes.fromhex(given["dmk"])
    profile = Profile(Path(given["profile"]))

    async def master_key(_profile: Profile) -> bytes:
        return dmk

    fingerprint = given["tls_fingerprint"]
    factory = TeamDeskFactory(
        hub_url=given["hub_url"],
        tls_fingerprint=bytes.fromhex(fingerprint) if fingerprint else None,
        root=profile.root.parent,
        clock=time.time,
        master_key=master_key,
    )
    desk = await factory.reopen(profile, dmk)
    try:
        await desk.desk.caught_up()
        arrivals: dict[EventId, float] = {}
        batches = 0
        counts = CountTeller(lambda: len(arrivals))  # the parent waits until all have arrived

        def record(changes: Changes) -> None:
            nonlocal batches
            now = time.monotonic()
            batches += bool(changes.messages)
            for event_id in changes.messages:
                arrivals.setdefault(event_id, now)
            counts.changed()

        unsubscribe = desk.desk.session.subscribe(record)
        cpu_at_ready = thread_cpu()
        say("ready")
        while (await reader.readline()).strip() not in (b"stop", b""):
            pass
        cpu = thread_cpu()
        unsubscribe()
        await _tell(desk, arrivals)
        spent = {kind: cpu.get(kind, 0.0) - cpu_at_ready.get(kind, 0.0) for kind in cpu}
        say("cpu " + " ".join(f"{kind} {seconds:.4f}" for kind, seconds in spent.items()))
        say(f"batches {batches}")
    finally:
        await factory.close()
    say("done")


async def _tell(desk: TeamDesk, arrivals: dict[EventId, float]) -> None:
    lines = []
    for event_id, at in arrivals.items():
        message = await desk.desk.replica.message_by_event_id(event_id)
        if message is not None and message.wamid is not None:
            lines.append(f"{message.wamid} {at:.6f}")
    if lines:
        say("\n".join(lines))


def thread_cpu() -> dict[str, float]:
    """CPU seconds (user + system) this process's threads used so far, by kind: the event
    loop, the sync worker that opens records, SQLite's thread, and the rest. Empty where there
    is no /proc (the kernel's per-thread counters are the only ones that see every thread)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    ticks = _clock_ticks()
    spent: dict[str, float] = {}
    for task in Path("/proc/self/task").glob("*") if ticks else ():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        kind = _thread_kind(names.get(int(task.name), ""))
        spent[kind] = spent.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return spent


def _clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK") if Path("/proc/self/task").is_dir() else 0


def _thread_kind(name: str) -> str:
    if name == "MainThread":
        return "loop"
    if name.startswith("sync-open"):
        return "open"
    if "_connection_worker_thread" in name:
        return "sqlite"
    return "other"


if __name__ == "__main__":
    run_child(main)
