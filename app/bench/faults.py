"""`switchboard bench faults`: faults injected one after another under steady traffic, checked
against the simulator's ground truth.

Real processes on loopback (`faults_stack`): the hub's nats-server, the gateway, each desk;
customers write at a steady rate and scripted agents claim and answer (`faults_agent`). Each
phase lets traffic flow, injects one fault (`faults_inject`), lets traffic flow a moment after
it is undone, then waits (a condition, bounded) until nothing is on its way any more and counts
what happened to that phase's messages (`faults_check`). `--minutes N` runs a random mix, seeded
(`--seed`), for N minutes; the short suite in `tests/faults` runs each fast fault once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.aio import cancel_and_wait
from app.bench.faults_check import Tally, received_counts, tally
from app.bench.faults_child import Child, ChildFailed
from app.bench.faults_disk import can_mount
from app.bench.faults_inject import WINDOW_CLOSES, Fault, faults_for
from app.bench.faults_report import FaultReport, FaultRow
from app.bench.faults_stack import FaultStack, fault_stack
from app.bench.running import ProgressFactory, work_dir

log = logging.getLogger(__name__)

LEAD = 1.5
"""Seconds of traffic before each fault."""
TRAIL = 1.5
"""Seconds of traffic after a fault is undone, before the phase waits for recovery."""
SEEN_WITHIN = 2.0
"""Seconds a desk may take to say what it showed (a desk just thawed catches up first)."""
POLL = 0.5
"""Seconds between two looks at the desks while waiting for recovery."""


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What to run: how big, how long, which faults."""

    folder: Path
    desks: int = 3
    rate: float = 4.0
    """Customer messages per second while traffic flows."""
    minutes: float = 0.0
    """A random mix for this long; 0: each fault of `only` once, in order."""
    only: tuple[str, ...] = ()
    """Fault names (as the table shows them) for a run of each once; empty: all fast ones."""
    seed: int = 1
    recover_within: float = 90.0
    """Seconds after a fault's end before it counts as "did not recover"."""
    disks: bool = False
    """Fill the desks' and the hub's disks too (needs root to mount small ones)."""
    hub_nodes: int = 1
    """1, or a cluster of this many hub nodes (each node is then killed and frozen)."""


@dataclass(eq=False)
class _Run:
    stack: FaultStack
    plan: FaultPlan
    progress: ProgressFactory
    rows: list[FaultRow] = field(default_factory=list)


async def run(args: argparse.Namespace, progress: ProgressFactory) -> FaultReport:
    """The bench sub-command: a random mix for `--minutes`. SIGTERM ends it as Ctrl-C does,
    through every `finally`: the processes stopped, the small disks unmounted."""
    main = asyncio.current_task()
    assert main is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main.cancel)
    with work_dir(args.work_dir, "faults") as folder:
        plan = FaultPlan(
            folder,
            desks=args.desks,
            rate=args.rate,
            minutes=args.minutes,
            seed=args.seed,
            disks=can_mount(),
            hub_nodes=args.hub_nodes,
        )
        return await run_plan(plan, progress)


async def run_plan(plan: FaultPlan, progress: ProgressFactory) -> FaultReport:
    """Start the stack, run the plan's phases, stop everything; the report."""
    notes: list[str] = []
    async with fault_stack(
        plan.folder, plan.desks, disks=plan.disks, hub_nodes=plan.hub_nodes, links=_cuts(plan)
    ) as stack:
        run = _Run(stack, plan, progress)
        traffic = asyncio.create_task(stack.traffic(plan.rate), name="bench-faults-traffic")
        try:
            await _phases(run)
            total = await _total(run)
        finally:
            await cancel_and_wait(traffic)
        for child in [*stack.desks.values(), stack.gateway]:
            if not await child.stop():
                notes.append(f"{child.name} did not stop cleanly when asked (hung at shutdown)")
    return FaultReport(_settings(plan), tuple(stack.desks), tuple(run.rows), total, tuple(notes))


async def _phases(run: _Run) -> None:
    faults = faults_for(run.stack)
    if run.plan.minutes > 0:
        await _mix(run, faults)
        return
    wanted = run.plan.only or tuple(f.name for f in faults if f.fast)
    by_name = {f.name: f for f in faults}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ValueError(f"no such fault: {', '.join(unknown)}")
    shown = run.progress("faults", len(wanted))
    for n, name in enumerate(wanted):
        await _phase(run, by_name[name])
        shown.update(n + 1)
    shown.finish()


async def _mix(run: _Run, faults: Sequence[Fault]) -> None:
    """Shuffled rounds of every fault (seeded) until the minutes are up."""
    rng = random.Random(run.plan.seed)
    seconds = run.plan.minutes * 60
    shown = run.progress("seconds of faults", round(seconds))
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        order = list(faults)
        rng.shuffle(order)
        for fault in order:
            if time.monotonic() - start >= seconds:
                break
            await _phase(run, fault)
            shown.update(round(time.monotonic() - start))
    shown.finish()


async def _phase(run: _Run, fault: Fault) -> None:
    stack = run.stack
    stack.phase = len(run.rows)
    stack.flowing.set()
    await asyncio.sleep(LEAD)  # traffic flowing before the fault
    await _seen(stack)  # forget what the desks showed before
    undone = await _injected(fault, stack)
    ended = time.monotonic()
    await asyncio.sleep(TRAIL)  # and after it
    stack.flowing.clear()
    wamids = [w for w, phase in stack.sent.items() if phase == stack.phase]
    counted, notes = await _recovered(stack, wamids, run.plan.recover_within)
    notes[:0] = undone
    # Asked once the team recovered: a fault lasts until then, not until it was undone (a hub
    # whose disk was freed still refuses writes until its supervisor has restarted it).
    shown = None if fault.shown is None else fault.shown(await _seen(stack))
    took = time.monotonic() - ended if counted.settled else None
    if took is None:
        await _restart_all(stack, notes)
    run.rows.append(FaultRow(fault.name, counted, took, tuple(notes), shown))
    if took is None:
        log.warning(
            "%s: the team did not recover within %.0f s", fault.name, run.plan.recover_within
        )
    else:
        log.info("%s: recovered in %.1f s", fault.name, took)


async def _injected(fault: Fault, stack: FaultStack) -> list[str]:
    """Inject and undo `fault`; a note when undoing it failed (a process that did not start
    again, a hub its supervisor did not bring back), which the recovery wait then sees."""
    try:
        await fault.inject(stack)
    except ChildFailed as failure:
        return [f"could not be undone: {failure}"]
    except TimeoutError:
        return ["could not be undone: the hub did not come back"]
    return []


async def _restart_all(stack: FaultStack, notes: list[str]) -> None:
    """After a fault the team did not recover from, restart the gateway and every desk (as
    people would), so the next fault starts from a working team; the total row shows whether
    the messages arrived after all."""
    notes.append("did not recover: the gateway and every desk were restarted to go on")
    for child in [stack.gateway, *stack.desks.values()]:
        if not await child.stop():
            notes.append(f"{child.name} did not stop cleanly when asked (hung at shutdown)")
        await _start_noted(child, notes)


async def _seen(stack: FaultStack) -> dict[str, list[str]]:
    """What each desk that answers showed since it was last asked."""
    seen: dict[str, list[str]] = {}
    for name, desk in stack.desks.items():
        try:
            seen[name] = list((await desk.ask("seen", within=SEEN_WITHIN))["seen"])
        except ChildFailed:  # killed or frozen itself: it could not have shown anything
            continue
    return seen


async def _recovered(
    stack: FaultStack, wamids: Sequence[str], within: float
) -> tuple[Tally, list[str]]:
    """Look at the desks until `wamids` are settled or `within` s passed: the last count."""
    notes: list[str] = []
    deadline = time.monotonic() + within
    counted = tally(wamids, {}, {})
    while True:
        try:
            reports = await stack.reports()
        except ChildFailed as failure:
            await _restart_ended(stack, failure, notes)
        else:
            counted = tally(wamids, reports, received_counts(stack.received()))
            if counted.settled:
                return counted, notes
        if time.monotonic() > deadline:
            return counted, notes
        await asyncio.sleep(POLL)  # a bounded poll of the recovery condition


async def _restart_ended(stack: FaultStack, failure: ChildFailed, notes: list[str]) -> None:
    """A desk that did not answer: note it once; start it again if it ended by itself."""
    if str(failure) not in notes:
        notes.append(str(failure))
    for child in [*stack.desks.values(), stack.gateway]:
        if not child.running:
            notes.append(f"{child.name} ended by itself; started again")
            await child.reaped()
            await _start_noted(child, notes)


async def _start_noted(child: Child, notes: list[str]) -> None:
    """Start `child` again; one that does not start is noted (the report then says so, and
    the phases after it show what a team without it met) instead of ending the run."""
    try:
        await child.start()
    except ChildFailed as failure:
        if str(failure) not in notes:
            notes.append(f"could not be started again: {failure}")


async def _total(run: _Run) -> FaultRow:
    """Every message of the run, counted once more at the end (a late arrival shows here)."""
    stack = run.stack
    counted, notes = await _recovered(stack, list(stack.sent), run.plan.recover_within)
    slowest = max((r.recovered_in or 0.0 for r in run.rows), default=0.0)
    settled = counted.settled and all(r.recovered_in is not None for r in run.rows)
    return FaultRow("total (slowest recovery)", counted, slowest if settled else None, tuple(notes))


def _cuts(plan: FaultPlan) -> bool:
    """Whether the plan may cut a desk off the network (its desks then reach the hub through
    links of their own, `faults_link`): a mix, every fast fault, or a list naming a window fault."""
    return plan.minutes > 0 or not plan.only or any(name in WINDOW_CLOSES for name in plan.only)


def _settings(plan: FaultPlan) -> dict[str, object]:
    return {
        "desks": plan.desks,
        "hub nodes": plan.hub_nodes,
        "rate": plan.rate,
        "minutes": plan.minutes,
        "seed": plan.seed,
        "disk faults": "yes" if plan.disks else "no" if can_mount() else "no (needs root)",
    }
