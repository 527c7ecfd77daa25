"""Issue 9: a desk offline for a simulated hour while the 24-hour window closes.

Real processes on loopback (hub, gateway, two desks) under steady traffic; the run's clock moves
23.5 hours, the desk holding a customer's conversation is cut from the hub and its agent answers
that customer, the clock moves one more hour, and the desk comes back. Meta refuses the late
reply (131047), once accepted and then failed in a status (what Meta usually does), once
answered with the error at once: either way every desk must show it failed with that reason,
the customer never gets it, nothing goes out twice, and the desk's composer offers templates.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.aio import cancel_and_wait
from app.bench.faults_agent import answered_wamid
from app.bench.faults_check import received_counts, tally
from app.bench.faults_stack import FaultStack, fault_stack
from app.bench.faults_window import WindowShown, offline_while_window_closes
from app.simulator.behaviour import RuleMode
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults, pytest.mark.timeout(300)]

REENGAGEMENT = 131047


async def test_a_reply_written_offline_fails_everywhere_with_its_reason_once_the_window_closed(
    tmp_path: Path,
) -> None:
    async with fault_stack(tmp_path / "run", 2, disks=False, links=True) as stack:
        traffic = asyncio.create_task(stack.traffic(2.0))
        try:
            for phase, window in enumerate(("fail", "reject")):
                await _late_reply_refused(stack, phase, window)
        finally:
            await cancel_and_wait(traffic)


async def _late_reply_refused(stack: FaultStack, phase: int, window: RuleMode) -> None:
    stack.phase = phase
    stack.flowing.set()
    simulator = stack.outside.simulator
    shown = WindowShown()

    await offline_while_window_closes(window, shown, stack)

    held = shown.held
    assert held is not None
    assert shown({}) is True, "offline while cut, and templates offered once back"

    async def failed_on_every_desk() -> bool:
        reports = await stack.reports()
        late = [r.status for d in reports.values() for r in d.replies if r.wamid == held]
        return len(late) == len(reports) and set(late) == {"FAILED"}

    await until_async(failed_on_every_desk, within=60)
    reports = await stack.reports()
    late = [r for d in reports.values() for r in d.replies if r.wamid == held]
    assert {r.error_code for r in late} == {REENGAGEMENT}  # the reason, on every desk
    assert len({r.event_id for r in late}) == 1  # answered once
    assert held not in received_counts(stack.received())  # never reached the customer
    [held_customer] = [
        c for c in simulator.customers() if c.profile_name == f"Held customer {phase}"
    ]
    sends = [m for m in simulator.received(held_customer.user_id) if answered_wamid(m.text or "")]
    assert len(sends) == (1 if window == "fail" else 0)  # sent once, refused; never twice

    phase_wamids = [w for w, p in stack.sent.items() if p == phase]

    async def settled() -> bool:
        counted = tally(phase_wamids, await stack.reports(), received_counts(stack.received()))
        return counted.settled

    await until_async(settled, within=60)
    counted = tally(phase_wamids, await stack.reports(), received_counts(stack.received()))
    assert counted.clean, counted  # nothing lost, duplicated or wrongly marked
    assert counted.failed == 1, counted  # the late reply, and nothing else
