"""The gateway's webhook endpoint under good and bad input, over the real stack.

Signature first (on the raw bytes), then parsing; a bad request publishes nothing, a malformed
body is acknowledged (so Meta stops retrying) but publishes nothing, a batch is read whole, and
a redelivered webhook reaches the desks once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
import sys
import tracemalloc

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.slow, pytest.mark.fast_loop]  # the gateway runs on uvloop

CANARY = "c4n4ry-7f3e9a1b2c"


def _sign(raw: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def _message(n: int, user: str) -> dict[str, object]:
    return {
        "from": f"49151{n:07d}",
        "from_user_id": user,
        "id": f"wamid.TEST{n}",
        "timestamp": "1767225600",
        "type": "text",
        "text": {"body": f"{CANARY} message {n}"},
    }


def _batch(*values: dict[str, object]) -> bytes:
    changes = [{"field": "messages", "value": v} for v in values]
    entries = [{"id": "880000000000001", "changes": [c]} for c in changes]
    return json.dumps({"object": "whatsapp_business_account", "entry": entries}).encode()


def _value(*messages: dict[str, object]) -> dict[str, object]:
    return {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [
            {"profile": {"name": "Test"}, "wa_id": m["from"], "user_id": m["from_user_id"]}
            for m in messages
        ],
        "messages": list(messages),
    }


async def _post(stack: DemoStack, raw: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    async with (
        aiohttp.ClientSession() as session,
        session.post(stack.callback_url, data=io.BytesIO(raw), headers=headers) as response,
    ):
        return response.status


async def _inbound_on_desks(stack: DemoStack) -> list[int]:
    return [(await d.replica.stats()).inbound_messages for d in stack.desks.values()]


@pytest.mark.asyncio
async def test_handshake_answers_only_the_right_token(stack: DemoStack) -> None:
    async with aiohttp.ClientSession() as session:
        good = {"hub.mode": "subscribe", "hub.challenge": "12345", "hub.verify_token": ""}
        good["hub.verify_token"] = stack.verify_token
        async with session.get(stack.callback_url, params=good) as response:
            assert (response.status, await response.text()) == (200, "12345")
        bad = dict(good, **{"hub.verify_token": "wrong"})
        async with session.get(stack.callback_url, params=bad) as response:
            assert response.status == 403


@pytest.mark.asyncio
async def test_bad_requests_publish_nothing(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    assert stack.gateway is not None
    caplog.set_level(logging.DEBUG)
    raw = _batch(_value(_message(1, "DE.1")))
    before = stack.gateway.stats["published"]
    assert await _post(stack, raw, None) == 401
    assert await _post(stack, raw, _sign(raw, "not-the-secret")) == 403
    assert await _post(stack, raw + b" ", _sign(raw, stack.app_secret)) == 403  # bytes changed
    garbage = b'{"object": "whatsapp_business_account", "entry": [{'
    assert await _post(stack, garbage, _sign(garbage, stack.app_secret)) == 200
    huge = b" " * (3 * 1024 * 1024 + 1)
    assert await _post(stack, huge, _sign(huge, stack.app_secret)) == 413
    assert stack.gateway.stats["published"] == before
    assert CANARY not in caplog.text


@pytest.mark.asyncio
async def test_debug_logging_never_carries_message_text(
    stack: DemoStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    raw = _batch(_value(_message(7, "DE.7")))
    assert await _post(stack, raw, _sign(raw, stack.app_secret)) == 200

    async def applied() -> bool:
        return await _inbound_on_desks(stack) == [1, 1]

    await until_async(applied, within=10)
    assert "DE.7" not in caplog.text
    assert CANARY not in caplog.text


@pytest.mark.asyncio
async def test_a_batch_is_read_whole_and_a_redelivery_counts_once(stack: DemoStack) -> None:
    assert stack.gateway is not None
    raw = _batch(_value(_message(1, "DE.1"), _message(2, "DE.2")), _value(_message(3, "DE.3")))
    assert await _post(stack, raw, _sign(raw, stack.app_secret)) == 200
    assert await _post(stack, raw, _sign(raw, stack.app_secret)) == 200  # Meta retried

    async def three_everywhere() -> bool:
        return await _inbound_on_desks(stack) == [3, 3]

    await until_async(three_everywhere, within=10)
    anna = stack.desks["Anna"].session
    assert await anna.queue_count(QueueView.UNASSIGNED) == 3
    assert stack.gateway.stats["duplicates"] == 3


@pytest.mark.asyncio
async def test_many_large_unsigned_bodies_at_once_are_read_a_few_at_a_time(
    stack: DemoStack,
) -> None:
    """Issue 9, fault 7: forty unsigned 3 MB bodies at once took the gateway from 55 MB to
    221 MB; bodies wait for room before they are read, so memory stays bounded. The senders
    run in a process of their own, so only the gateway's memory is traced."""
    tracemalloc.start()
    try:
        sender = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _FORTY_BODIES, stack.callback_url, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await sender.communicate()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.split() == [b"401"] * 40
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held at once"


_FORTY_BODIES = """
import asyncio, sys, aiohttp
async def post(session, url, body):
    async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as r:
        return r.status
async def main(url):
    body = b" " * (3 * 1024 * 1024)
    async with aiohttp.ClientSession() as session:
        statuses = await asyncio.gather(*(post(session, url, body) for _ in range(40)))
    print(*statuses)
asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.asyncio
async def test_a_customer_text_longer_than_4096_characters_arrives_whole(
    stack: DemoStack,
) -> None:
    """Issue 9, fault 7: a signed text over 4,096 characters (Meta's limit for what a business
    sends, not for what a customer writes) was dropped with a log line."""
    long_text = "".join(f"{n:05d} Ärger über die Lieferung. " for n in range(250))
    assert len(long_text) > 4096
    message = dict(_message(7, "DE.7"), text={"body": long_text})
    raw = _batch(_value(message))
    assert await _post(stack, raw, _sign(raw, stack.app_secret)) == 200
    anna = stack.desks["Anna"].session

    async def arrived() -> bool:
        return await anna.queue_count(QueueView.UNASSIGNED) == 1

    await until_async(arrived, within=10)
    [row] = await anna.queue_page(QueueView.UNASSIGNED, 0, 1)
    [shown] = await anna.messages_page(row.conversation_id, None, 5)
    assert shown.text == long_text
