"""Status and delivery faults: read without delivered, reordering, duplicates, signatures,
slow posts, and the customer reading on demand."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.simulator import Simulator
from app.simulator.behaviour import Behaviour
from app.simulator.retry_schedule import RetrySchedule

from .conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    Callback,
    fast_config,
    send,
    send_text,
    serving_callback,
    talking_customer,
    until,
)

pytestmark = pytest.mark.asyncio

ONE_RETRY = RetrySchedule(first_s=0.01, lasting_s=0.01)


@pytest.mark.parametrize("config", [fast_config(behaviour=Behaviour(skip_delivered=1.0))])
async def test_read_can_arrive_without_delivered(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    _, body = await send_text(http, sim, str(customer.wa_id))
    wamid = body["messages"][0]["id"]
    await until(lambda: len(callback.statuses_of(wamid)) == 2)
    assert sorted(callback.statuses_of(wamid)) == ["read", "sent"]


@pytest.mark.parametrize(
    "config", [fast_config(behaviour=Behaviour(out_of_order=1.0), webhook_concurrency=1)]
)
async def test_out_of_order_posts_read_before_delivered(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    _, body = await send_text(http, sim, str(customer.wa_id))
    wamid = body["messages"][0]["id"]
    await until(lambda: len(callback.statuses_of(wamid)) == 3)
    assert callback.statuses_of(wamid) == ["sent", "read", "delivered"]


async def test_duplicate_deliveries_repeat_the_same_bytes(
    sim: Simulator, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    sim.configure_customer(customer.user_id, duplicate_webhooks=1.0)
    await sim.customer_sends_text(customer.user_id, "hello")
    await until(lambda: len(callback.deliveries) == 2)
    first, second = callback.deliveries
    assert first.raw == second.raw
    assert first.headers["X-Hub-Signature-256"] == second.headers["X-Hub-Signature-256"]
    # Counted once each answer is back, just after the callback saw the bytes.
    await until(lambda: sim.stats.webhook_duplicates == 1)
    assert sim.stats.webhook_items_delivered == 1


@pytest.mark.parametrize(
    "config",
    [fast_config(behaviour=Behaviour(bad_signature="wrong_bytes"), webhook_retries=ONE_RETRY)],
)
async def test_bad_signature_over_wrong_bytes(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    await until(lambda: sim.stats.webhook_posts_failed == 1)
    assert callback.bad_signatures == 2
    assert callback.deliveries == []


async def test_missing_signature_header_per_customer(sim: Simulator, callback: Callback) -> None:
    bad = sim.add_customer("Mallory")
    good = sim.add_customer("Lena K")
    sim.configure_customer(bad.user_id, bad_signature="missing")
    await sim.customer_sends_text(bad.user_id, "spoof?")
    await sim.customer_sends_text(good.user_id, "hello")
    await until(lambda: len(callback.messages()) == 1 and callback.bad_signatures >= 1)
    assert callback.messages()[0]["from_user_id"] == good.user_id


@pytest_asyncio.fixture
async def timed_callback() -> AsyncIterator[tuple[str, list[tuple[float, float, bytes]]]]:
    """A callback that records when headers arrived and when the body was complete."""
    seen: list[tuple[float, float, bytes]] = []

    async def notify(request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        start = loop.time()
        raw = await request.read()
        seen.append((start, loop.time(), raw))
        return web.Response()

    async with serving_callback(notify) as url:
        yield url, seen


async def test_slow_callback_stalls_the_body_after_the_headers(
    timed_callback: tuple[str, list[tuple[float, float, bytes]]],
) -> None:
    url, seen = timed_callback
    simulator = Simulator(fast_config(behaviour=Behaviour(slow_callback=0.15)))
    await simulator.start()
    try:
        await simulator.set_callback(url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "hello")
        await until(lambda: len(seen) == 1)
    finally:
        await simulator.stop()
    started, finished, raw = seen[0]
    assert finished - started >= 0.1
    assert json.loads(raw)["entry"][0]["changes"][0]["value"]["messages"]


async def test_slow_callback_past_the_timeout_is_retried(callback: Callback) -> None:
    config = fast_config(behaviour=Behaviour(slow_callback=0.5), webhook_timeout=0.1)
    simulator = Simulator(config)
    await simulator.start()
    try:
        await simulator.set_callback(callback.url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "hello")
        await until(lambda: len(callback.deliveries) == 1)
        assert simulator.stats.webhook_attempts == 2
    finally:
        await simulator.stop()
    expected = hmac.new(APP_SECRET.encode(), callback.deliveries[0].raw, hashlib.sha256)
    assert callback.deliveries[0].headers["X-Hub-Signature-256"] == f"sha256={expected.hexdigest()}"


async def test_failed_deliveries_are_retried_on_meta_schedule(callback: Callback) -> None:
    config = fast_config(behaviour=Behaviour(failed_deliveries=1.0), webhook_timeout=0.1)
    simulator = Simulator(config)
    await simulator.start()
    try:
        await simulator.set_callback(callback.url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "hello")
        await until(lambda: len(callback.deliveries) == 1)
        assert simulator.stats.webhook_attempts == 2  # the first attempt timed out
    finally:
        await simulator.stop()


@pytest.mark.parametrize("config", [fast_config(read_delay=None)])
async def test_customer_reads_on_demand(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    _, body = await send_text(http, sim, str(customer.wa_id))
    wamid = body["messages"][0]["id"]
    await until(lambda: sim.statuses(wamid) == ("sent", "delivered"))
    assert sim.customer_reads(customer.user_id) == [wamid]
    assert sim.customer_reads(customer.user_id) == []
    await until(lambda: "read" in callback.statuses_of(wamid))


async def test_statuses_to_a_bsuid_carry_it_and_the_contact(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim, "Mia", username="mia.k")
    status, body = await send(http, sim, None, "text", {"body": "hi"}, recipient=customer.user_id)
    assert status == 200
    wamid = body["messages"][0]["id"]
    await until(lambda: len(callback.statuses_of(wamid)) == 3)
    for value in callback.values():
        for item in value.get("statuses", []):
            assert item["recipient_id"] == customer.user_id
            assert value["contacts"] == [customer.contact()]
