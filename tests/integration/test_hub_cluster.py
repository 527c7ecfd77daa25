"""A hub of three nodes (issue 8): one node dies, the team carries on with nothing lost.

Three real nats-servers routed on loopback, each with its own hub service; the team is founded
through one of them and every node lets its devices in. The stream's leader is SIGKILLed while
a customer writes: the gateway publishes through the election, the desks follow from another
node, and every message and reply arrives exactly once.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from app.hub import Hub
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
