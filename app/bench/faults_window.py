"""The fault "desk offline while the window closes", for `switchboard bench faults` (issue 9).

What a business meets when an agent answers on a train: a customer wrote 23.5 hours ago, the
agent's laptop is off the network, the agent types the answer anyway (it waits in the desk's
outbox), and the laptop is back online only an hour later, when WhatsApp's 24-hour window has
closed. Meta then refuses the free-form reply (131047), so every desk must show it as failed
with that reason (never sent, never sent twice), and the desk's composer must offer templates.

The steps, on the run's clock (`faults_clock`) and the desk's link (`faults_link`):

1. A customer outside the steady traffic writes; the agents leave the message (held) unanswered.
2. The customers stop writing (a message sent across a jump of the clock would be neither
   before nor after it), the clock moves 23.5 hours on, and the phase's other messages are left
   to settle, so no earlier answer is still on its way when the window later closes.
3. The link of the desk holding the conversation is cut; once it shows itself offline, its agent
   answers the held message.
4. The clock moves one more hour: the window has closed. The customers write again.
5. The link is mended; the desk sends what its outbox holds, and the runner counts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence

from app.bench.faults_check import received_counts, tally
from app.bench.faults_child import Child, ChildFailed
from app.bench.faults_stack import FaultStack
from app.domain.model import HubState
from app.domain.rules import SERVICE_WINDOW_SECONDS
from app.simulator.behaviour import RuleMode

WINDOW_LEFT = 30 * 60
"""Simulated seconds of the window left when the desk goes offline."""
OFFLINE_FOR = 60 * 60
"""Simulated seconds the desk stays offline: past the window's end."""
STEP_WITHIN = 30.0
"""Real seconds each step may take (a desk to claim, messages to settle, a desk to notice)."""
POLL = 0.25

_ONLINE = HubState.ONLINE.value


class WindowShown:
    """Whether the desk showed the fault: offline while cut off, and, back online after the
    window closed, a composer that offers templates instead of free text."""

    def __init__(self) -> None:
        self.shown: bool | None = None
        self.held: str | None = None
        """The wamid of the customer message the last injection answered offline."""

    def __call__(self, _seen: Mapping[str, Sequence[str]]) -> bool | None:
        shown, self.shown = self.shown, None
        return shown


async def offline_while_window_closes(
    window: RuleMode, shown: WindowShown, stack: FaultStack
) -> None:
    """Inject the fault (see the module's steps); returns once the desk is back online.
    `window`: how Meta refuses the late reply, "fail" (accepted, then a failed status: what
    Meta usually does) or "reject" (the send answered with the error at once)."""
    wamid = shown.held = await stack.held_message(window)
    holder = await _holder(stack, wamid)
    desk, link = stack.desks[holder], stack.links[holder]
    stack.flowing.clear()
    try:
        await stack.advance_clock(SERVICE_WINDOW_SECONDS - WINDOW_LEFT)
        await _settled(stack, [w for w, p in stack.sent.items() if p == stack.phase and w != wamid])
        await link.cut()
        offline = await _shows_offline(desk)
        answered = "answered" in await desk.ask(f"answer {wamid}")
        await stack.advance_clock(OFFLINE_FOR)
    finally:
        stack.flowing.set()
        await link.mend()
    composer = await desk.ask(f"window {wamid}")
    templates_offered = not composer["open"] and composer["templates"] > 0
    shown.shown = offline and answered and templates_offered


async def _holder(stack: FaultStack, wamid: str) -> str:
    """The desk whose agent claimed the held message's conversation.

    Raises:
        ChildFailed: No desk did within STEP_WITHIN (the runner notes it, and the message
            counts as lost).
    """
    deadline = time.monotonic() + STEP_WITHIN
    while time.monotonic() < deadline:
        for name, desk in stack.desks.items():
            if (await desk.ask(f"holds {wamid}"))["holds"]:
                return name
        await asyncio.sleep(POLL)  # a bounded poll: the claim travels through the hub
    raise ChildFailed(f"no desk claimed the held customer within {STEP_WITHIN:.0f} s")


async def _settled(stack: FaultStack, wamids: list[str]) -> None:
    """Wait (bounded) until `wamids` are answered and their answers delivered or failed; if
    they do not settle, go on: the phase's count then shows what a late answer met."""
    deadline = time.monotonic() + STEP_WITHIN
    while time.monotonic() < deadline:
        counted = tally(wamids, await stack.reports(), received_counts(stack.received()))
        if counted.settled:
            return
        await asyncio.sleep(POLL)  # a bounded poll of the desks' reports


async def _shows_offline(desk: Child) -> bool:
    """Whether the desk cut from the hub shows it (header: not online) within STEP_WITHIN."""
    deadline = time.monotonic() + STEP_WITHIN
    while time.monotonic() < deadline:
        try:
            if (await desk.ask())["hub_state"] != _ONLINE:
                return True
        except ChildFailed:
            return False
        await asyncio.sleep(POLL)  # a bounded poll: nats-py notices the closed socket
    return False
