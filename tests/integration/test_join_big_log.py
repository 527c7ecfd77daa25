"""A device joins a team whose log holds 100,000 events: the desk opens at once, shows its
progress, and ends with every event.

A real authenticated hub; the team is founded and joined with `TeamDeskFactory` as people do.
The log is filled with genuine gateway events: the gateway enrolls by invite, seals customer
messages exactly as it would (`GatewayLog`) and publishes them in bulk with its own hub login.
The figures (fill time, sync rate) are printed, not asserted (CONTRIBUTING: no speed targets in
timed tests); `-s` shows them.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from app.crypto.keys import DeviceKeys
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.domain.model import QueueView, SyncProgress
from app.gateway.sealing import GatewayLog
from app.hub import Hub
from app.log.events import CustomerMessage
from app.services.api import Changes
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied, inbound_subject

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

EVENTS = 100_000
CUSTOMERS = 300
NOW = 1767225600


async def gateway_login(hub: Hub, keys: DeviceKeys, team_hex: str) -> NatsTransport:
    """The gateway's own hub login, once the hub's reload after `add_device` lists it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        try:
            return await NatsTransport.connect(
                hub.url,
                team_id_hex=team_hex,
                name="gateway",
                nkey_seed=keys.hub_seed(),
                tls_fingerprint=hub.tls_fingerprint,
            )
        except HubAccessDenied:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


def seal_all(gateway: GatewayLog, count: int) -> list[bytes]:
    """`count` customer messages from CUSTOMERS customers, sealed in the gateway's chain
    order (each header names the hash of the envelope before it, so this is sequential)."""
    sealed = []
    for n in range(count):
        customer = f"DE.{n % CUSTOMERS:017d}"
        event = CustomerMessage(
            Wamid(f"wamid.BIG{n:07d}"),
            CustomerId(customer),
            f"49151{n % CUSTOMERS:07d}",
            f"Customer {n % CUSTOMERS}",
            NOW + n,
            Text(f"message {n}"),
        )
        data = gateway.seal(event, NOW + n)
        gateway.published(data)
        sealed.append(data)
    return sealed


async def publish_all(transport: NatsTransport, subject: str, sealed: list[bytes]) -> None:
    """Publish without waiting for each ack (stack.md §4.3), then check every ack."""
    js = transport._js  # bulk publishing is for tests and tools, not on the Transport
    acks = [await js.publish_async(subject, data) for data in sealed]
    await js.publish_async_completed()
    seqs = [(await ack).seq for ack in acks]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(sealed)


async def fill(hub: Hub, factory: TeamDeskFactory, anna: TeamDesk, count: int = EVENTS) -> float:
    """Enroll a gateway and publish `count` events it sealed; returns the seconds taken."""
    started = time.perf_counter()
    joined = await factory.enroll_gateway(anna)
    keys = factory.gateway_keys
    assert keys is not None
    team_hex = joined.team_id.hex()
    transport = await gateway_login(hub, keys, team_hex)
    try:
        loop = asyncio.get_running_loop()
        sealed = await loop.run_in_executor(None, seal_all, GatewayLog(keys, joined.chain), count)
        await publish_all(transport, inbound_subject(team_hex), sealed)
    finally:
        await transport.close()
    return time.perf_counter() - started


@pytest.mark.timeout(900)  # a watchdog for a hung run, not a speed target
async def test_a_device_joins_a_team_whose_log_holds_100000_events(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    fill_seconds = await fill(hub, factory, anna)
    started = time.perf_counter()
    await anna.desk.caught_up()
    admin_seconds = time.perf_counter() - started
    admin = await anna.desk.replica.stats()
    assert admin.inbound_messages == EVENTS

    started = time.perf_counter()
    ben = await factory.enroll(anna, "Ben")  # returns once the desk is open, not synced
    opened_seconds = time.perf_counter() - started
    session = ben.desk.session
    seen: list[SyncProgress] = [session.sync_progress()]

    def progressed(changes: Changes) -> None:
        if changes.sync_progressed:
            seen.append(session.sync_progress())

    unsubscribe = session.subscribe(progressed)
    # Usable while it syncs: the queue answers from what has arrived so far.
    assert await session.queue_count(QueueView.ALL_OPEN) <= CUSTOMERS
    assert not session.sync_progress().caught_up

    await ben.desk.caught_up()  # however long it takes: nothing in the path has a time limit
    sync_seconds = time.perf_counter() - started
    unsubscribe()

    final = session.sync_progress()
    assert final.caught_up
    assert final.total >= EVENTS
    applied = [p.applied for p in seen]
    assert applied == sorted(applied)
    assert len(set(applied)) > 10  # reported step by step, not once at the end
    assert seen[-1].applied == seen[-1].total == final.total
    assert not seen[0].caught_up

    joined = await ben.desk.replica.stats()
    admin = await anna.desk.replica.stats()
    assert joined.inbound_messages == admin.inbound_messages == EVENTS
    assert joined.events_stored == admin.events_stored
    assert joined.cursor == admin.cursor
    for desk in (anna, ben):
        assert await desk.desk.session.queue_count(QueueView.ALL_OPEN) == CUSTOMERS
        assert desk.desk.engine.refused == 0
    print(
        f"\nbig join: fill {EVENTS} events {fill_seconds:.1f} s "
        f"({EVENTS / fill_seconds:.0f}/s, seal+publish); admin sync {admin_seconds:.1f} s; "
        f"desk open {opened_seconds:.2f} s; joined desk synced {final.total} records in "
        f"{sync_seconds:.1f} s ({final.total / sync_seconds:.0f}/s)"
    )
