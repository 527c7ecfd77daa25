"""One working desk in a process of its own, for `switchboard bench faults`.

``python -m app.bench.faults_desk`` reads one JSON line on stdin (``hub_url``,
``tls_fingerprint``, ``profile``, ``dmk``, as `desk_process` does), opens the desk as it starts
the next morning, waits until it has caught up, prints ``ready`` and works as a scripted agent
(`FaultAgent`): it claims what is unassigned and answers every customer message of its own
conversations once. Its state lives in the replica only, so a desk killed with SIGKILL and
started again carries on where its replica stands, as a person would after a crash.

Commands on stdin, one a line: ``report`` prints one line ``report <JSON>`` (`DeskReport`:
what this desk holds); ``seen`` prints ``report {"seen": [...]}``, the states the window would
have shown since the last ``seen`` (hub states such as ``offline``, and ``store-failing`` for
its own disk, with ``writes-refused`` when its replica refused a write meanwhile), so the
runner can tell whether a fault was shown to the agent while it lasted;
``clock <offset>`` sets the desk's clock that far ahead of the machine's (`faults_clock`, also
given at start as ``clock_offset``); ``holds``, ``answer`` and ``window`` (each with a wamid)
are the fault "offline while the window closes" (`faults_held`);
``stop`` (or end of input) closes the desk and prints ``done``. A replica that failed its
integrity check is kept aside and synced afresh, as a user would choose at the start-up question.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import shutil
import sys
from pathlib import Path

from app.aio import cancel_and_wait
from app.bench.child import run_child, say
from app.bench.faults_agent import FaultAgent, ShownStates, desk_report
from app.bench.faults_clock import RunClock
from app.bench.faults_held import COMMANDS, held_command
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.errors import ReplicaFailedCheck
from app.domain.model import LocalStoreState
from app.services.api import Changes
from app.system.profile import Profile


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    given = json.loads(await reader.readline())
    dmk = bytes.fromhex(given["dmk"])
    profile = Profile(Path(given["profile"]))
    _log_room(profile)

    async def master_key(_profile: Profile) -> bytes:
        return dmk

    fingerprint = given["tls_fingerprint"]
    clock = RunClock(given.get("clock_offset", 0.0))
    factory = TeamDeskFactory(
        hub_url=given["hub_url"],
        tls_fingerprint=bytes.fromhex(fingerprint) if fingerprint else None,
        root=profile.root.parent,
        clock=clock,
        master_key=master_key,
    )
    agent_task: asyncio.Task[None] | None = None
    try:
        desk = await _opened(factory, profile, dmk)
        session = desk.desk.session
        shown = ShownStates(session, functools.partial(_refused_writes, desk))
        await _usable(desk)
        agent = FaultAgent(session)
        agent_task = asyncio.create_task(agent.run(), name="fault-agent")
        say("ready")
        while (line := (await reader.readline()).strip()) not in (b"stop", b""):
            if line == b"report":
                report = await desk_report(session)
                say("report " + json.dumps(report.as_json()))
            elif line == b"seen":
                say("report " + json.dumps({"seen": shown.take()}))
            elif line.startswith(b"clock "):
                clock.set_offset(float(line.split()[1]))
                say("report " + json.dumps({"clock": clock.offset}))
            elif (words := line.decode().split())[0] in COMMANDS:
                say("report " + json.dumps(await held_command(session, clock, *words)))
    finally:
        await cancel_and_wait(agent_task)
        await factory.close()
    say("done")


async def _opened(factory: TeamDeskFactory, profile: Profile, dmk: bytes) -> TeamDesk:
    """The desk reopened; a replica that failed its check is answered as a user would at the
    start-up question: keep it aside and sync a fresh copy from the hub."""
    try:
        return await factory.reopen(profile, dmk)
    except ReplicaFailedCheck:
        fresh = await factory.fresh_copy(profile, dmk)
        if fresh is None:  # its identity went with the damage: only an invite helps
            raise
        return fresh


async def _usable(desk: TeamDesk) -> None:
    """Caught up, or showing that its store is damaged: a damaged store may never catch up
    (its sync pauses on the bad page), and the person at the desk sees the banner then."""
    session = desk.desk.session
    damaged = asyncio.Event()

    def check(_changes: Changes) -> None:
        if session.local_store() is LocalStoreState.DAMAGED:
            damaged.set()

    session.subscribe(check)
    if session.local_store() is LocalStoreState.DAMAGED:  # found before we listened
        damaged.set()
    waits = [
        asyncio.ensure_future(desk.desk.caught_up()),
        asyncio.ensure_future(damaged.wait()),
    ]
    try:
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for finished in done:
            finished.result()  # a failed catch-up is the desk's failure, not a wait
    finally:
        await cancel_and_wait(*waits)


def _refused_writes(desk: TeamDesk) -> int:
    """Writes the replica refused so far, to the sync or to the outbox (each was tried again)."""
    return desk.desk.engine.store_pause.failures + desk.desk.outbox.store_failures


def _log_room(profile: Profile) -> None:
    """Said at a start on a disk more than half full: a start that never gets ready on a disk
    filled by files kept aside (damaged replicas) shows so in the desk's log."""
    if not profile.root.is_dir():
        return
    usage = shutil.disk_usage(profile.root)
    if usage.free > usage.total // 2:
        return
    kept = [p for p in profile.root.glob("*-damaged-*") if p.is_file()]
    logging.getLogger(__name__).warning(
        "desk disk: %d of %d MB used; %d damaged files kept aside",
        (usage.total - usage.free) // 2**20,
        usage.total // 2**20,
        len(kept),
    )


if __name__ == "__main__":
    run_child(main)
