"""The faults `switchboard bench faults` injects, each one a process or disk going wrong.

A fault acts (kill, freeze, fill), lasts a moment while the customers go on writing, and is
undone (restart, thaw, free); `inject` returns once it is undone, and the runner then waits for
the team to recover. A killed hub is restarted by its own supervisor, as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from app.bench.faults_agent import WRITES_REFUSED
from app.bench.faults_child import Child
from app.bench.faults_damage import DamageShown, damage_replica
from app.bench.faults_disk import fill
from app.bench.faults_stack import FaultStack
from app.bench.faults_window import WindowShown, offline_while_window_closes
from app.simulator.behaviour import RuleMode

DOWN_FOR = 1.0
"""Seconds a killed gateway or desk stays down before it is started again."""
FROZEN_FOR = 3.0
"""Seconds a process stays stopped (SIGSTOP): a hung machine, a laptop lid closed."""
FULL_FOR = 3.0
"""Seconds a disk stays full."""
SEND_WITHIN = 10.0
"""Seconds to wait for the gateway's next send before killing it anyway."""
HUB_BACK_WITHIN = 60.0
"""Seconds the hub's supervisor may take to start a killed nats-server again."""


WINDOW_CLOSES: dict[str, RuleMode] = {
    "desk offline while the window closes": "fail",
    "desk offline while the window closes, send refused": "reject",
}
"""The fault's names by how Meta refuses the late reply: accepted and then failed in a status
(what Meta usually does), or answered with the error at once."""

HUB_TROUBLE = frozenset({"connecting", "not-responding", "offline", "cannot-store"})
"""`HubState` values that tell the agent the hub is not working."""

Seen = Mapping[str, Sequence[str]]
"""Desk name → the states its window showed while a fault lasted (`ShownStates`)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault: its name in the table and what doing and undoing it takes."""

    name: str
    inject: Callable[[FaultStack], Awaitable[None]]
    fast: bool = True
    """Part of the short run CI does (`tests/faults/test_fault_suite.py`)."""
    shown: Callable[[Seen], bool | None] | None = None
    """Whether the desks showed the fault while it lasted; None where no desk can tell (the
    gateway's own faults, a desk that is killed or frozen itself) or no desk met it."""


def hub_shown(seen: Seen) -> bool:
    """Every desk that answered showed the hub as not working."""
    return bool(seen) and all(HUB_TROUBLE.intersection(states) for states in seen.values())


def store_shown(desk: str, seen: Seen) -> bool | None:
    """The desk whose disk filled showed that its store is failing; None when its replica
    refused no write (SQLite wrote into room its files already had) or the desk did not answer:
    then there was nothing to show."""
    states = seen.get(desk, ())
    if WRITES_REFUSED not in states:
        return None
    return "store-failing" in states


def faults_for(stack: FaultStack) -> list[Fault]:
    """Every fault this stack can take: per process, and the disks where they are mounted."""
    found = [
        Fault("gateway kill -9", lambda s: _kill(s.gateway)),
        Fault("gateway kill -9 after a send", _kill_gateway_after_send),
        Fault("gateway SIGSTOP", lambda s: _freeze(s.gateway)),
    ]
    for n in range(len(stack.hubs)):
        node = "hub" if len(stack.hubs) == 1 else f"hub node {n + 1}"
        # A cluster's desks fail over to another node: nothing to show for one node down.
        shown = hub_shown if len(stack.hubs) == 1 else None
        found.append(Fault(f"{node} kill -9", functools.partial(_kill_hub, n), shown=shown))
        found.append(Fault(f"{node} SIGSTOP", functools.partial(_freeze_hub, n), shown=shown))
    for name in stack.desks:
        found.append(Fault(f"{name} kill -9", functools.partial(_kill_desk, name)))
        found.append(Fault(f"{name} SIGSTOP", functools.partial(_freeze_desk, name)))
        shown_damage = DamageShown()
        damage = functools.partial(_damage_desk, name, shown_damage)
        found.append(Fault(f"{name} replica damaged", damage, fast=False, shown=shown_damage))
    if stack.links:  # a desk is cut off through its link to one hub node
        for name, window in WINDOW_CLOSES.items():
            shown_window = WindowShown()
            offline = functools.partial(offline_while_window_closes, window, shown_window)
            found.append(Fault(name, offline, shown=shown_window))
    for name in stack.disks:
        shown_full: Callable[[Seen], bool | None] = hub_shown
        if name != "hub":
            shown_full = functools.partial(store_shown, name)
        fill_it = functools.partial(_full, name)
        found.append(Fault(f"{name} disk full", fill_it, fast=False, shown=shown_full))
    return found


async def _kill_desk(name: str, stack: FaultStack) -> None:
    await _kill(stack.desks[name])


async def _damage_desk(name: str, shown: DamageShown, stack: FaultStack) -> None:
    await damage_replica(stack.desks[name], shown)


async def _freeze_desk(name: str, stack: FaultStack) -> None:
    await _freeze(stack.desks[name])


async def _kill(child: Child) -> None:
    child.kill()
    await child.reaped()
    await asyncio.sleep(DOWN_FOR)  # the fault lasting, not a wait for a result
    await child.start()


async def _kill_gateway_after_send(stack: FaultStack) -> None:
    """SIGKILL the gateway the moment Meta accepted one of its sends, before it can note the
    outcome: the send log then holds a reply whose outcome the gateway never learnt."""
    simulator = stack.outside.simulator
    accepted = simulator.stats.outbound_accepted
    # The simulator counts in this process and raises no event: look at every turn of the loop.
    with contextlib.suppress(TimeoutError):
        await _until(lambda: simulator.stats.outbound_accepted > accepted, SEND_WITHIN, step=0)
    await _kill(stack.gateway)


async def _freeze(child: Child) -> None:
    child.freeze()
    try:
        await asyncio.sleep(FROZEN_FOR)  # the fault lasting
    finally:
        child.thaw()


async def _kill_hub(node: int, stack: FaultStack) -> None:
    hub = stack.hubs[node]
    before = hub.pid
    assert before is not None
    with contextlib.suppress(ProcessLookupError):
        os.kill(before, signal.SIGKILL)
    await _until(lambda: hub.running and hub.pid not in (None, before), HUB_BACK_WITHIN)


async def _freeze_hub(node: int, stack: FaultStack) -> None:
    pid = stack.hubs[node].pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        await asyncio.sleep(FROZEN_FOR)  # the fault lasting
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)


async def _full(disk: str, stack: FaultStack) -> None:
    filler = await asyncio.to_thread(fill, stack.disks[disk])
    try:
        await asyncio.sleep(FULL_FOR)  # the fault lasting
    finally:
        filler.unlink()


async def _until(condition: Callable[[], bool], within: float, step: float = 0.05) -> None:
    """Poll `condition` every `step` s; TimeoutError after `within` seconds."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - nothing here raises an event to wait for
            await asyncio.sleep(step)
