"""The gateway under a burst of webhooks, and a restart that reads no history.

A burst is sealed in runs and published with many acknowledgements in flight: every desk must
still get every message, and the gateway's author chain must reach them whole and in order. A
clean restart checks the hub's copy of its head and reads `.out` from its checkpoint, not from
the start of the log.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import time

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


def _webhook(first: int, count: int) -> bytes:
    messages = [
        {
            "from": f"4915200{n % 7:05d}",
            "from_user_id": f"DE.52{n % 7:05d}",
            "id": f"wamid.BURST{n}",
            "timestamp": str(int(time.time())),
            "type": "text",
            "text": {"body": f"burst {n}"},
        }
        for n in range(first, first + count)
    ]
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [
            {"profile": {"name": "T"}, "wa_id": m["from"], "user_id": m["from_user_id"]}
            for m in messages
        ],
        "messages": messages,
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    return json.dumps(body).encode()


async def _post(session: aiohttp.ClientSession, stack: DemoStack, raw: bytes) -> int:
    mac = hmac.new(stack.app_secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={mac}"}
    async with session.post(stack.callback_url, data=io.BytesIO(raw), headers=headers) as answer:
        return answer.status


async def _inbound_everywhere(stack: DemoStack, count: int) -> None:
    async def applied() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return [s.inbound_messages for s in stats] == [count] * len(stats)

    await until_async(applied, within=30)


def _desks_follow_the_gateway(stack: DemoStack) -> bool:
    assert stack.gateway is not None
    own = stack.gateway._log
    heads = [d.engine.reader.heads.get(own.keys.device_id) for d in stack.desks.values()]
    return heads == [own.head] * len(heads)


@pytest.mark.asyncio
async def test_a_burst_of_webhooks_reaches_every_desk_whole_and_in_chain_order(
    stack: DemoStack,
) -> None:
    async with aiohttp.ClientSession() as session:
        statuses = await asyncio.gather(
            *(_post(session, stack, _webhook(first, 10)) for first in range(0, 300, 10))
        )
        # Meta's redelivery of a whole batch, while others are still in flight.
        again = await _post(session, stack, _webhook(0, 10))
    assert set(statuses) == {200}
    assert again == 200
    await _inbound_everywhere(stack, 300)
    await until(lambda: _desks_follow_the_gateway(stack), timeout=10)
    assert stack.gateway is not None
    assert stack.gateway.stats["duplicates"] == 10
    assert all(d.engine.refused == 0 for d in stack.desks.values())


@pytest.mark.asyncio
async def test_a_clean_restart_reads_no_request_it_settled_before(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Hello?")
    anna = stack.desks["Anna"].session

    def texts() -> list[str]:
        return [m.text or "" for m in sim.received(lena.user_id)]

    async def queued() -> bool:
        return await anna.queue_count(QueueView.UNASSIGNED) == 1

    await until_async(queued, within=15)
    conversation = (await anna.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
    await anna.claim(conversation)
    for text in ("One", "Two", "Three"):
        await anna.reply(conversation, text)
    await until(lambda: texts() == ["One", "Two", "Three"], timeout=15)

    await stack.restart_gateway()
    gateway = stack.gateway
    assert gateway is not None
    assert gateway._outbound._requests_seen == {}  # nothing before the checkpoint read again
    await anna.reply(conversation, "Four")
    await until(lambda: len(texts()) == 4, timeout=15)
    assert texts() == ["One", "Two", "Three", "Four"]  # each once, in the order written
    assert len(gateway._outbound._requests_seen) == 1
