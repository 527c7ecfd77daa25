"""Two gateways behind one webhook URL share the work and nothing reaches a desk twice.

A real hub, the simulator and the desks of Anna and Ben. The second gateway is enrolled like
the first (its own identity and author chain) and a round-robin front stands where Meta's one
callback URL points. Meta's retries land on the other gateway: the hub stores both copies
(each under its gateway's event id) and the desks' fold keeps one message per wamid.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from pathlib import Path

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from app.gateway.service import Gateway
from tests.helpers.gateways import RoundRobin, second_gateway
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


def _webhook(waba_id: str, wamid: str, wa_id: str, user: str, text: str) -> bytes:
    message: dict[str, object] = {"from": wa_id, "from_user_id": user, "id": wamid}
    message |= {"timestamp": str(int(time.time())), "type": "text", "text": {"body": text}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [{"profile": {"name": "Test"}, "wa_id": wa_id, "user_id": user}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": waba_id, "changes": [change]}]}
    return json.dumps(body).encode()


async def _post(url: str, raw: bytes, secret: str) -> int:
    mac = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={mac}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=io.BytesIO(raw), headers=headers) as answer,
    ):
        return answer.status


async def _inbound_everywhere(stack: DemoStack, count: int) -> None:
    async def applied() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return [s.inbound_messages for s in stats] == [count] * len(stats)

    await until_async(applied, within=20)


def _desks_follow(stack: DemoStack, gateway: Gateway) -> bool:
    """Every desk's view of `gateway`'s author chain ends where the gateway's own does."""
    own = gateway._log
    heads = [d.engine.reader.heads.get(own.keys.device_id) for d in stack.desks.values()]
    return heads == [own.head] * len(heads)


@pytest.mark.asyncio
async def test_two_gateways_share_one_webhook_stream_and_desks_see_each_message_once(
    stack: DemoStack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.gateway")  # the reply's way, if it fails
    first = stack.gateway
    sim = stack.simulator
    assert first is not None
    assert sim is not None
    async with second_gateway(stack, tmp_path / "gateway-2") as other:
        front = RoundRobin([stack.callback_url, other._listen_url])
        url = await front.start()
        try:
            await sim.set_callback(url, stack.verify_token)
            customers = [sim.add_customer(f"C{n}", wa_id=f"49151000{n:04d}") for n in range(6)]
            for round_ in range(4):
                for customer in customers:
                    await sim.customer_sends_text(customer.user_id, f"message {round_}")
            await _inbound_everywhere(stack, 24)
            assert min(front.posts) > 0  # Meta's deliveries went to both

            # Meta retries a delivery whose answer it did not see; the retry lands on the
            # other gateway. Both store it; every desk keeps it once.
            raw = _webhook(
                sim.config.waba_id, "wamid.RETRIED1", "4915100009999", "DE.9999", "retried"
            )
            assert await _post(stack.callback_url, raw, stack.app_secret) == 200
            assert await _post(other._listen_url, raw, stack.app_secret) == 200
            await _inbound_everywhere(stack, 25)
        finally:
            await front.stop()

        assert first.stats["published"] > 0
        assert other.stats["published"] > 0

        # 25 customer messages, the retried one twice, and each gateway's number status and
        # template catalogue at start (the second gateway's may still be on their way: it
        # reads them once the desks' settings reached it, beside the traffic).
        def published() -> int:
            return first.stats["published"] + other.stats["published"]

        await until(lambda: published() >= 26 + 2 * 2, 10)
        assert published() == 26 + 2 * 2
        await until(lambda: _desks_follow(stack, first) and _desks_follow(stack, other), 10)
        for desk in stack.desks.values():
            assert desk.engine.refused == 0
            assert await desk.session.queue_count(QueueView.UNASSIGNED) == 7
        # Neither gateway took the other's records on `.in` for an attack.
        for gateway in (first, other):
            assert {k: v for k, v in gateway.stats.items() if k.startswith("hub_") and v} == {}

        # Replies go out once: the desks seal requests to the first gateway only.
        anna = stack.desks["Anna"].session
        # A simulated customer's: the retried message's sender is no WhatsApp user the
        # simulator knows, so a reply to it is rightly undeliverable (131026).
        rows = await anna.queue_page(QueueView.UNASSIGNED, 0, 7)
        conversation = next(r.conversation_id for r in rows if r.customer_name == "C0")
        await anna.claim(conversation)
        await anna.reply(conversation, "One answer")
        try:
            await until(lambda: first.stats["sent"] + other.stats["sent"] >= 1, timeout=15)
        except AssertionError:
            raise AssertionError(f"no reply sent: {first.stats=} {other.stats=}") from None
        assert first.stats["sent"] == 1
        assert other.stats["sent"] == 0
        assert other.stats["refused"] == 0
        received = [m.text for c in customers for m in sim.received(c.user_id)]
        assert received == ["One answer"]
