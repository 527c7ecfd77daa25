"""The gateway's webhook endpoint under good and bad input, over the real stack.

Signature first (on the raw bytes), then parsing; a bad request publishes nothing, a malformed
body is acknowledged (so Meta stops retrying) but publishes nothing, a batch is read whole, and
a redelivered webhook reaches the desks once.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.model import QueueView
from tests.helpers.wait import until_async

pytestmark = pytest.mark.slow

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
