"""A hub of three nodes (issue 8): one node dies, the team carries on with nothing lost.

Three real nats-servers routed on loopback, each with its own hub service; the team is founded
through one of them and every node lets its devices in. The stream's leader is SIGKILLed while
a customer writes: the gateway publishes through the election, the desks follow from another
node, and every message and reply arrives exactly once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
import pytest_asyncio

from app.demo.stack import DemoStack
from app.desk.team import TeamDeskFactory
from app.domain.model import QueueView
from app.hub import Hub
from app.hub.local_cluster import LocalCluster
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied
from tests.helpers.team_desks import cheap_stretch
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

SENT_WHILE_DOWN = 5


@pytest_asyncio.fixture
async def stack(tmp_path: Path) -> AsyncIterator[DemoStack]:
    team = DemoStack(tmp_path / "demo", ["Anna", "Ben"], cluster_size=3)
    try:
        await team.start()
        yield team
    finally:
        await team.stop()


async def _inbound_everywhere(stack: DemoStack, count: int) -> bool:
    counts = [(await d.replica.stats()).inbound_messages for d in stack.desks.values()]
    return counts == [count] * len(counts)


async def _stream_leader(stack: DemoStack) -> Hub:
    assert stack.cluster is not None
    assert stack.team is not None
    gateway_transport = stack.transports[0]
    info = await gateway_transport._js.stream_info(f"SB_{stack.team.team_id.hex()}")
    assert info.cluster is not None
    assert info.cluster.leader is not None
    return stack.cluster.node(info.cluster.leader)


@pytest.mark.asyncio
async def test_every_node_serves_the_team_founded_through_one(stack: DemoStack) -> None:
    assert stack.cluster is not None
    services = [hub.service for hub in stack.cluster.hubs]
    assert all(s is not None for s in services)
    team = stack.team
    assert team is not None
    assert {s.team_hex for s in services if s is not None} == {team.team_id.hex()}
    # The setup login is gone everywhere once the founder had its answer.
    await until(lambda: all(s is not None and s.setup_closed for s in services), timeout=10)
    for hub in stack.cluster.hubs:
        assert hub._config.auth_path.read_text().count("# setup") == 0


@pytest.mark.asyncio
async def test_the_team_loses_and_duplicates_nothing_when_the_stream_leader_dies(
    stack: DemoStack,
) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Before")
    await until_async(lambda: _inbound_everywhere(stack, 1), within=10)

    victim = await _stream_leader(stack)
    await victim.kill()
    killed_at = time.monotonic()
    for n in range(SENT_WHILE_DOWN):
        await sim.customer_sends_text(lena.user_id, f"While a node is down {n}")
    await until_async(lambda: _inbound_everywhere(stack, 1 + SENT_WHILE_DOWN), within=40)
    assert time.monotonic() - killed_at < 40

    anna = stack.desks["Anna"].session
    conversation = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await anna.claim(conversation)
    await anna.reply(conversation, "All six read")
    await until(
        lambda: [m.text for m in sim.received(lena.user_id)] == ["All six read"], timeout=20
    )
    assert all(d.engine.refused == 0 for d in stack.desks.values())
    texts = [m.text for m in await anna.messages_page(conversation, None, 50)]
    assert len(texts) == len(set(texts)) == 2 + SENT_WHILE_DOWN

    await victim.start()  # the node comes back and catches up; the team never noticed
    await sim.customer_sends_text(lena.user_id, "After")
    await until_async(lambda: _inbound_everywhere(stack, 2 + SENT_WHILE_DOWN), within=20)


async def _lets_in(url: str, team: str, seed: bytes, pin: bytes | None) -> bool:
    """Whether the node at `url` (alone, not its peers) accepts this login."""
    try:
        transport = await NatsTransport.connect(
            url, team_id_hex=team, name="probe", nkey_seed=seed, tls_fingerprint=pin
        )
    except HubAccessDenied:
        return False
    await transport.close()
    return True


@pytest.mark.asyncio
async def test_over_tls_every_node_lets_members_in_and_shuts_out_a_removed_one(
    tmp_path: Path,
) -> None:
    async with LocalCluster(tmp_path / "cluster", tls=True) as cluster:
        pin = cluster.tls_fingerprint
        assert pin is not None
        assert {hub.tls_fingerprint for hub in cluster.hubs} == {pin}
        assert all("verify: true" in hub._config.conf_path.read_text() for hub in cluster.hubs)
        factory = TeamDeskFactory(
            hub_url=cluster.url,
            tls_fingerprint=pin,
            root=tmp_path / "desks",
            clock=time.time,
            stretch=cheap_stretch,
        )
        try:
            anna = await factory.found("Acme", "Anna", setup_code=cluster.setup_code)
            ben = await factory.enroll(anna, "Ben")
            service = cluster.hubs[0].service
            assert service is not None
            assert service.team_hex is not None
            team, seed = service.team_hex, ben.keys.hub_seed()
            for hub in cluster.hubs:
                assert await _lets_in(hub.url, team, seed, pin), hub.url
            await ben.close()
            factory.desks.remove(ben)

            await anna.admin.remove_device(ben.keys.device_id)

            for hub in cluster.hubs:  # each node's service reloaded its own server's users
                await until_async(
                    lambda url=hub.url: _not(_lets_in(url, team, seed, pin)), within=15
                )
        finally:
            await factory.close()


async def _not(check: Awaitable[bool]) -> bool:
    return not await check


@pytest.mark.asyncio
async def test_a_cluster_stopped_whole_and_started_again_serves_its_team(tmp_path: Path) -> None:
    cluster = LocalCluster(tmp_path / "cluster")
    await cluster.start()
    factory = TeamDeskFactory(
        hub_url=cluster.url, tls_fingerprint=None, root=tmp_path / "desks", clock=time.time,
        stretch=cheap_stretch,
    )  # fmt: skip
    try:
        anna = await factory.found("Acme", "Anna", setup_code=cluster.setup_code)
        ben = await factory.enroll(anna, "Ben")
        service = cluster.hubs[0].service
        assert service is not None
        team, seed = service.team_hex, ben.keys.hub_seed()
        assert team is not None
        await factory.close()
        for hub in cluster.hubs:  # every node has applied Ben's enrollment
            await until_async(lambda url=hub.url: _lets_in(url, team, seed, None), within=20)
        users_before = [hub._config.auth_path.read_text() for hub in cluster.hubs]
        await cluster.stop()

        # Back one by one, as after a power cut: the first waits for a majority, and until
        # then keeps the users it had, so nobody is shut out meanwhile.
        await cluster.hubs[0].start()
        assert cluster.hubs[0]._config.auth_path.read_text() == users_before[0]
        await asyncio.gather(*(hub.start() for hub in cluster.hubs[1:]))
        await cluster.wait_ready()

        for hub in cluster.hubs:
            await until_async(lambda url=hub.url: _lets_in(url, team, seed, None), within=20)
        assert [hub._config.auth_path.read_text() for hub in cluster.hubs] == users_before
    finally:
        await factory.close()
        await cluster.stop()
