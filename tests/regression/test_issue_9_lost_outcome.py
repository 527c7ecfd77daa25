"""Issue 9, fault 2: a gateway killed right after sending left replies marked "Not delivered"
on every desk although the customer received and read them (and an agent might send again).

The whole embedded team (real nats-server, SQLCipher replicas, simulator), with the gateway
as its own process, `switchboard gateway run` on the team's gateway state: the simulator
kills it with SIGKILL the moment it accepts a reply, before Graph's answer can reach it. The
gateway is started again on the same state and port; Meta's statuses (retried by the
simulator, as Meta retries) must then settle every reply to what the customer's phone says,
never showing one as failed and never sending one twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.gateway.identity import GatewayIdentity, save_identity
from app.simulator.state import Customer, ReceivedMessage
from tests.helpers.stack import running_stack
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults, pytest.mark.timeout(120)]

_PHONE_SAYS = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
}
_REPLIES = {"Lena": "Your parcel left today.", "Omar": "Your refund is on its way."}


async def test_replies_sent_by_a_gateway_killed_before_its_report_end_as_the_phone_says(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path) as stack:
        conversations = await _two_claimed_conversations(stack)
        state_dir = _gateway_state_dir(stack)
        await stack.stop_gateway()
        async with _gateway_process(stack, state_dir, tmp_path / "gateway.log") as gateway:
            _kill_on_first_acceptance(stack, gateway)
            anna = stack.desks["Anna"].session
            for name, cid in conversations.items():
                await anna.reply(cid, _REPLIES[name])
            async with asyncio.timeout(30):
                assert await gateway.wait() == -signal.SIGKILL

        await stack.start_gateway()  # on the same state and port, as after a crash

        seen: set[DeliveryStatus] = set()

        async def as_the_phone_says() -> bool:
            settled = [
                await _settled(stack, name, cid, seen) for name, cid in conversations.items()
            ]
            assert DeliveryStatus.FAILED not in seen  # "Not delivered": the fault itself
            return all(settled)

        await until_async(as_the_phone_says, within=60)
        assert stack.gateway is not None
        assert stack.gateway.stats.get("outcomes_settled", 0) >= 1  # a reply was left unknown
        for customer in _customers(stack).values():
            texts = [m.text for m in _received(stack, customer)]
            assert len(texts) == len(set(texts)) <= 1  # never sent twice


async def _two_claimed_conversations(stack: DemoStack) -> dict[str, ConversationId]:
    sim = stack.simulator
    assert sim is not None
    for n, name in enumerate(_REPLIES):
        customer = sim.add_customer(name, wa_id=f"49151123456{n:02d}")
        await sim.customer_sends_text(customer.user_id, "Where is my order?")
    anna = stack.desks["Anna"].session

    async def both_arrived() -> bool:
        return await anna.queue_count(QueueView.UNASSIGNED) == len(_REPLIES)

    await until_async(both_arrived, within=15)
    found: dict[str, ConversationId] = {}
    for row in await anna.queue_page(QueueView.UNASSIGNED, 0, 10):
        await anna.claim(row.conversation_id)
        found[row.customer_name] = row.conversation_id
    return found


def _gateway_state_dir(stack: DemoStack) -> Path:
    """The demo gateway's state folder, given the identity file `gateway join` would write."""
    assert stack.team is not None
    assert stack.gateway is not None
    state_dir = stack.gateway._state.directory
    save_identity(
        state_dir,
        GatewayIdentity(
            stack.team.team_id,
            stack.team.fingerprint,
            stack.hub_url,
            None,
            "",
            stack.team.gateway,
        ),
    )
    return state_dir


@asynccontextmanager
async def _gateway_process(
    stack: DemoStack, state_dir: Path, log_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`switchboard gateway run` on the demo gateway's state and webhook port, once it listens."""
    port = stack.callback_url.rsplit(":", 1)[1].split("/", 1)[0]
    command = [sys.executable, "-m", "app", "gateway", "run", "--state-dir", str(state_dir)]
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *command, "--port", port, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ)
        )
    try:
        await until(lambda: b"gateway listening at" in log_path.read_bytes(), timeout=30)
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


def _kill_on_first_acceptance(stack: DemoStack, gateway: asyncio.subprocess.Process) -> None:
    """SIGKILL the gateway as Meta takes its first reply: the answer never reaches it."""
    sim = stack.simulator
    assert sim is not None

    def kill(message: ReceivedMessage) -> None:
        sim.on_accepted = None
        # Once kill(2) returns the gateway runs no more code: Graph's answer, written after
        # this returns, can never be read.
        gateway.kill()

    sim.on_accepted = kill


async def _settled(
    stack: DemoStack, name: str, cid: ConversationId, seen: set[DeliveryStatus]
) -> bool:
    """Whether every desk shows the reply to `name` as the customer's phone has it; a reply
    the phone never got may only be uncertain (it was claimed, maybe never sent)."""
    expected: tuple[DeliveryStatus, str | None] = (DeliveryStatus.UNCERTAIN, None)
    received = _received(stack, _customers(stack)[name])
    if received:
        assert stack.simulator is not None
        statuses = stack.simulator.statuses(received[0].wamid)
        said = [_PHONE_SAYS[s] for s in statuses if s in _PHONE_SAYS]
        if not said:
            return False
        expected = (max(said), received[0].wamid)
    for desk in stack.desks.values():
        messages = await desk.session.messages_page(cid, None, 10)
        replies = [m for m in messages if m.direction is Direction.OUTBOUND]
        seen.update(m.status for m in replies)
        if [(m.status, m.wamid) for m in replies] != [expected]:
            return False
    return True


def _customers(stack: DemoStack) -> dict[str, Customer]:
    sim = stack.simulator
    assert sim is not None
    return {c.profile_name: c for c in sim.customers()}


def _received(stack: DemoStack, customer: Customer) -> list[ReceivedMessage]:
    sim = stack.simulator
    assert sim is not None
    return sim.received(customer.user_id)
