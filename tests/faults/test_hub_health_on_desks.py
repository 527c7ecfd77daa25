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
from app.sync.nats_transport import NatsTransport
from app.sync.transport import ConnectionState, TransportUnavailable, event_subject, stream_name
from tests.helpers.hub import new_team, running_hub
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


async def test_a_hub_at_its_store_limit_reads_as_cannot_save_until_a_write_works(
    tmp_path: Path,
) -> None:
    """The other way a hub cannot store: JetStream refuses writes past `max_file_store`
    ("insufficient resources"). An anonymous hub has no service to ask, so the refusal and the
    next write that works must tell."""
    team = new_team()
    states: list[ConnectionState] = []
    async with running_hub(tmp_path, max_file_store="1MB") as hub:
        transport = await NatsTransport.connect(
            hub.url, team_id_hex=team, name="limit", on_state=states.append, probe_interval=0.1
        )
        try:
            await transport.ensure_stream()
            subject = event_subject(team, "c" * 32)
            with pytest.raises(TransportUnavailable):  # a hub outage to the outbox: it retries
                await _publish_until_refused(transport, subject)
            assert states[-1] is ConnectionState.CANNOT_STORE

            await transport._js.purge_stream(stream_name(team))  # room again
            await transport.publish(subject, b"after", msg_id="after")
            assert states[-1] is ConnectionState.CONNECTED
        finally:
            await transport.close()
    assert ConnectionState.NOT_RESPONDING not in states


async def _publish_until_refused(transport: NatsTransport, subject: str) -> None:
    for n in range(1000):  # 1 MB holds about 120 of these
        await transport.publish(subject, os.urandom(8192), msg_id=f"m{n}")
