"""A send claimed by an earlier gateway run that never reported it: after the restart the reply
is reported unknown on every desk (it may or may not have gone out: uncertain, not failed),
never sent again and never left waiting forever (crypto.md §3.9 step 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.demo.stack import DemoStack
from app.domain.model import DeliveryStatus, Direction
from app.domain.send_codes import NETWORK_ERROR, UNCONFIRMED
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow


@pytest.mark.asyncio
async def test_a_claimed_but_unreported_send_becomes_unknown_after_restart(
    stack: DemoStack,
) -> None:
    assert stack.gateway is not None
    assert stack.team is not None
    sim = stack.simulator
    assert sim is not None
    lena, conversation = await customer_claimed_by(stack, "Anna")
    anna = stack.desks["Anna"].session
    await stack.stop_gateway()
    pending = await anna.reply(conversation, "Sent or not?")
    # The gateway run that died had claimed this send in the send log, and no more.
    bucket = f"SB_{stack.team.team_id.hex()}_sent"
    assert await stack.transports[0].claim_once(bucket, pending.event_id.hex(), b"earlier run")

    await stack.start_gateway()

    async def unknown_everywhere() -> bool:
        for desk in stack.desks.values():
            messages = await desk.session.messages_page(conversation, None, 10)
            out = [m for m in messages if m.direction is Direction.OUTBOUND]
            if [(m.status, m.error_code) for m in out] != [
                (DeliveryStatus.UNCERTAIN, NETWORK_ERROR)
            ]:
                return False
        return True

    await until_async(unknown_everywhere, within=15)
    assert sim.received(lena.user_id) == []  # not sent again after the restart
    # Reported once: a second restart replays .out and reports nothing more.
    await stack.restart_gateway()
    assert await stack.transports[0].kv_get(bucket, pending.event_id.hex()) == b"reported"


@pytest.mark.asyncio
async def test_an_unknown_outcome_nobody_confirms_is_said_plainly_on_every_desk(
    stack: DemoStack,
) -> None:
    """Issue 9, fault 2: the reply never reached Meta, so no status will ever name it; after
    the gateway's waiting time every desk says "not confirmed", still never "failed"."""
    assert stack.team is not None
    assert stack._gateway_config is not None
    sim = stack.simulator
    assert sim is not None
    lena, conversation = await customer_claimed_by(stack, "Anna")
    await stack.stop_gateway()
    pending = await stack.desks["Anna"].session.reply(conversation, "Sent or not?")
    bucket = f"SB_{stack.team.team_id.hex()}_sent"
    assert await stack.transports[0].claim_once(bucket, pending.event_id.hex(), b"earlier run")
    stack._gateway_config = replace(stack._gateway_config, unconfirmed_after_s=0.5)

    await stack.start_gateway()

    async def unconfirmed_everywhere() -> bool:
        for desk in stack.desks.values():
            message = await desk.replica.message_by_event_id(pending.event_id)
            if message is None:
                return False
            assert message.status is not DeliveryStatus.FAILED
            if (message.status, message.error_code) != (DeliveryStatus.UNCERTAIN, UNCONFIRMED):
                return False
        return True

    await until_async(unconfirmed_everywhere, within=15)
    assert sim.received(lena.user_id) == []
    assert stack.gateway is not None
    assert stack.gateway.stats["outcomes_unconfirmed"] == 1
