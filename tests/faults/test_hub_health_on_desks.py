"""Issue 9, fault 4, the desks' side: a desk tells the truth about the hub's health.

The whole team runs (tests/helpers/stack.py); the hub is frozen with SIGSTOP, or its disk (a
small tmpfs of its own) fills up while a customer writes. The desks must not say *Online*
meanwhile, and must say it again once the hub is back.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.domain.model import HubState
from tests.helpers.small_disk import fill, small_disk
from tests.helpers.stack import running_stack
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults]

PROBE_ROUND = 5.0 + 5.0
"""A desk's watchdog pings every 5 s and waits 5 s for the answer (`NatsTransport.connect`)."""


def _all_desks(stack: DemoStack, state: HubState) -> bool:
    return all(desk.session.hub_state is state for desk in stack.desks.values())


async def test_a_frozen_hub_shows_as_not_responding_on_every_desk_until_it_thaws(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path / "team") as stack:
        hub = stack.hub
        assert hub is not None
        assert hub.pid is not None
        await until(lambda: _all_desks(stack, HubState.ONLINE), timeout=10)
        os.kill(hub.pid, signal.SIGSTOP)
        try:
            await until(lambda: _all_desks(stack, HubState.NOT_RESPONDING), PROBE_ROUND + 5)
        finally:
            os.kill(hub.pid, signal.SIGCONT)
        await until(lambda: _all_desks(stack, HubState.ONLINE), timeout=PROBE_ROUND + 5)


async def test_a_hub_whose_disk_is_full_shows_as_cannot_save_until_it_has_room(
    tmp_path: Path,
) -> None:
    data = tmp_path / "team"
    with small_disk(data / "hub", megabytes=32) as disk:
        async with running_stack(data) as stack:
            sim = stack.simulator
            assert sim is not None
            await until(lambda: _all_desks(stack, HubState.ONLINE), timeout=10)
            filler = fill(disk)
            customer = sim.add_customer("Lena", wa_id="4915112345678")
            # The hub learns that its store refuses writes from the first write that fails; a
            # short one may still fit in the last page its store file holds.
            for n in range(4):
                await sim.customer_sends_text(customer.user_id, f"{n} " + "Hello? " * 250)
            await until(lambda: _all_desks(stack, HubState.CANNOT_STORE), PROBE_ROUND + 10)

            filler.unlink()  # the supervisor restarts the server, the desks reconnect
            await until(lambda: _all_desks(stack, HubState.ONLINE), timeout=PROBE_ROUND + 20)
