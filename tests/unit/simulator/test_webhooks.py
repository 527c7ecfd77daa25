"""Webhooks over real HTTP: signing, envelope shapes, status progression, retries, batching."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.simulator import CallbackVerificationError, Simulator

from .conftest import (
    PHONE_ID,
    VERIFY_TOKEN,
    Callback,
    fast_config,
    send_text,
    serving_callback,
    until,
)

pytestmark = pytest.mark.asyncio

METADATA = {"display_phone_number": "4930555000", "phone_number_id": PHONE_ID}


def _single_value(body: dict[str, Any]) -> dict[str, Any]:
    assert body["object"] == "whatsapp_business_account"
    [entry] = body["entry"]
    assert entry["id"] == "880000000000001"
    [change] = entry["changes"]
    assert change["field"] == "messages"
    value: dict[str, Any] = change["value"]
    assert value["messaging_product"] == "whatsapp"
    assert value["metadata"] == METADATA
    return value


async def test_inbound_text_webhook_is_signed_and_in_2026_shape(
    sim: Simulator, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K", wa_id="4915112345678", user_id="DE.20481632641282565")
    wamid = await sim.customer_sends_text(customer.user_id, "Is my order shipped?")
    await until(lambda: len(callback.deliveries) == 1)
    [delivery] = callback.deliveries
    expected = hmac.new(b"test-app-secret", delivery.raw, hashlib.sha256).hexdigest()
    assert delivery.headers["X-Hub-Signature-256"] == f"sha256={expected}"
    assert delivery.headers["Content-Type"] == "application/json"
    value = _single_value(delivery.body)
    assert value["contacts"] == [
        {"profile": {"name": "Lena K"}, "wa_id": "4915112345678", "user_id": "DE.20481632641282565"}
    ]
    assert value["messages"] == [
        {
            "from": "4915112345678",
            "from_user_id": "DE.20481632641282565",
            "id": wamid,
            "timestamp": "1767225600",
            "type": "text",
            "text": {"body": "Is my order shipped?"},
        }
    ]
    assert wamid.startswith("wamid.SIM")
    assert callback.bad_signatures == 0


async def test_username_customer_has_no_phone_in_the_webhook(
    sim: Simulator, callback: Callback
) -> None:
    customer = sim.add_customer("Mia", username="mia.k")
    assert customer.wa_id is None
    await sim.customer_sends_text(customer.user_id, "hi")
    await until(lambda: len(callback.deliveries) == 1)
    value = _single_value(callback.deliveries[0].body)
    assert value["contacts"] == [
        {"profile": {"name": "Mia", "username": "mia.k"}, "user_id": customer.user_id}
    ]
    [message] = value["messages"]
    assert "from" not in message
    assert message["from_user_id"] == customer.user_id


async def test_reply_to_sets_context(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "that one", reply_to="wamid.OUT1")
    await until(lambda: len(callback.messages()) == 1)
    assert callback.messages()[0]["context"] == {"from": "4930555000", "id": "wamid.OUT1"}


async def test_send_produces_sent_delivered_read_statuses(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K", wa_id="4915112345678")
    await sim.customer_sends_text(customer.user_id, "hello")
    _, body = await send_text(http, sim, "4915112345678", biz_opaque_callback_data="t-1")
    wamid = body["messages"][0]["id"]
    await until(lambda: len(callback.statuses()) == 3)
    # Separate POSTs may overtake each other (as at Meta), so compare as a set.
    assert {s["status"] for s in callback.statuses()} == {"sent", "delivered", "read"}
    assert sim.statuses(wamid) == ("sent", "delivered", "read")
    for value in callback.values():
        if "statuses" not in value:
            continue
        assert value["metadata"] == METADATA
        assert value["contacts"] == [customer.contact()]
        [status] = value["statuses"]
        assert status["id"] == wamid
        assert status["timestamp"] == "1767225600"
        assert status["recipient_id"] == "4915112345678"
        assert status["biz_opaque_callback_data"] == "t-1"
        assert status["pricing"] == {
            "billable": False,
            "pricing_model": "PMP",
            "type": "free_customer_service",
            "category": "service",
        }
    assert callback.bad_signatures == 0


@pytest.mark.parametrize("config", [fast_config(read_delay=None)])
async def test_read_delay_none_stops_at_delivered(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    _, body = await send_text(http, sim, str(customer.wa_id))
    wamid = body["messages"][0]["id"]
    await until(lambda: sim.statuses(wamid) == ("sent", "delivered"))
    await until(lambda: len(callback.statuses()) == 2)


async def test_failed_deliveries_are_retried_until_accepted(
    sim: Simulator, callback: Callback
) -> None:
    callback.fail_with = [500, 500]
    customer = sim.add_customer("Lena K")
    wamid = await sim.customer_sends_text(customer.user_id, "hello")
    await until(lambda: len(callback.deliveries) == 1)
    assert callback.attempts == 3
    assert [m["id"] for m in callback.messages()] == [wamid]
    # The callback records the POST before the simulator has read its 200.
    await until(lambda: sim.stats.webhook_posts_delivered == 1)
    stats = sim.stats
    assert (stats.webhook_attempts, stats.webhook_posts_delivered) == (3, 1)
    assert stats.webhook_posts_failed == 0


async def test_delivery_is_given_up_after_the_schedule(sim: Simulator, callback: Callback) -> None:
    callback.fail_with = [503] * 10
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    await until(lambda: sim.stats.webhook_posts_failed == 1)
    assert callback.attempts == 4  # the first attempt and three retries
    assert callback.deliveries == []


async def test_a_post_on_a_kept_connection_is_retried_too(
    sim: Simulator, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "first")
    await until(lambda: sim.stats.webhook_posts_delivered == 1)  # its connection is kept
    callback.fail_with = [500, 500]
    wamid = await sim.customer_sends_text(customer.user_id, "second")
    await until(lambda: sim.stats.webhook_posts_delivered == 2)
    assert callback.attempts == 4
    assert callback.messages()[-1]["id"] == wamid
    stats = sim.stats
    assert (stats.webhook_attempts, stats.webhook_posts_failed) == (4, 0)
    assert stats.webhook_retry_pauses == (0.01, 0.02)


@pytest_asyncio.fixture
async def held_callback() -> AsyncIterator[tuple[str, list[int], asyncio.Event]]:
    """A callback that holds every POST until released: (URL, POSTs under way after each
    arrival, the release)."""
    under_way: list[int] = []
    now = [0]
    release = asyncio.Event()

    async def notify(request: web.Request) -> web.Response:
        now[0] += 1
        under_way.append(now[0])
        await release.wait()
        await request.read()
        now[0] -= 1
        return web.Response()

    async with serving_callback(notify) as url:
        yield url, under_way, release
        release.set()


async def test_no_more_posts_under_way_than_the_concurrency(
    held_callback: tuple[str, list[int], asyncio.Event],
) -> None:
    url, under_way, release = held_callback
    simulator = Simulator(fast_config(webhook_concurrency=2))
    await simulator.start()
    try:
        await simulator.set_callback(url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        for n in range(5):
            await simulator.customer_sends_text(customer.user_id, f"message {n}")
        assert simulator.stats.webhook_queue_size == 3  # two places, both taken
        await until(lambda: len(under_way) == 2)
        release.set()
        await until(lambda: simulator.stats.webhook_posts_delivered == 5)
        assert max(under_way) == 2
        assert len(under_way) == 5
    finally:
        await simulator.stop()


@pytest_asyncio.fixture
async def slow_callback() -> AsyncIterator[tuple[str, list[float]]]:
    """A callback that sleeps past the simulator's timeout on its first POST."""
    calls: list[float] = []
    release = asyncio.Event()

    async def notify(request: web.Request) -> web.Response:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) == 1:
            await release.wait()  # hangs until teardown; the simulator times out first
        return web.Response()

    async with serving_callback(notify) as url:
        yield url, calls
        release.set()


async def test_timeout_counts_as_failure_and_is_retried(
    slow_callback: tuple[str, list[float]],
) -> None:
    url, calls = slow_callback
    simulator = Simulator(fast_config(webhook_timeout=0.2))
    await simulator.start()
    try:
        await simulator.set_callback(url, VERIFY_TOKEN)
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "hello")
        await until(lambda: simulator.stats.webhook_posts_delivered == 1)
        assert len(calls) >= 2  # the first hung past the timeout; a loaded CI box may add one
        assert simulator.stats.webhook_attempts == len(calls)
    finally:
        await simulator.stop()


@pytest.mark.parametrize("config", [fast_config(batch_webhooks=True, batch_window=0.05)])
async def test_batching_spreads_items_over_entries_and_changes(
    sim: Simulator, callback: Callback
) -> None:
    customers = [sim.add_customer(f"Customer {n}") for n in range(5)]
    wamids = [
        await sim.customer_sends_text(c.user_id, f"message {n}") for n, c in enumerate(customers)
    ]
    await until(lambda: len(callback.messages()) == 5)
    assert len(callback.deliveries) == 1
    body = callback.deliveries[0].body
    assert len(body["entry"]) == 2
    assert [len(e["changes"]) for e in body["entry"]] == [2, 1]
    assert [m["id"] for m in callback.messages()] == wamids
    for value in callback.values():
        senders = {m["from_user_id"] for m in value["messages"]}
        assert senders == {c["user_id"] for c in value["contacts"]}
    # The simulator counts a POST once its answer is back, just after the callback saw it.
    await until(lambda: sim.stats.webhook_items_delivered == 5)


async def test_webhooks_wait_for_a_callback(callback: Callback) -> None:
    simulator = Simulator(fast_config())
    await simulator.start()
    try:
        customer = simulator.add_customer("Lena K")
        await simulator.customer_sends_text(customer.user_id, "early bird")
        await simulator.set_callback(callback.url, VERIFY_TOKEN)
        await until(lambda: len(callback.messages()) == 1)
    finally:
        await simulator.stop()


async def test_handshake_sends_meta_parameters() -> None:
    seen: list[dict[str, str]] = []

    async def handshake(request: web.Request) -> web.Response:
        seen.append(dict(request.query))
        return web.Response(text=request.query["hub.challenge"])

    app = web.Application()
    app.router.add_get("/cb", handshake)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    simulator = Simulator(fast_config())
    await simulator.start()
    try:
        await simulator.set_callback(f"http://127.0.0.1:{runner.addresses[0][1]}/cb", "tok")
    finally:
        await simulator.stop()
        await runner.cleanup()
    [query] = seen
    assert query["hub.mode"] == "subscribe"
    assert query["hub.verify_token"] == "tok"
    assert query["hub.challenge"].isdigit()


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_handshake_failures_raise(callback: Callback) -> None:
    simulator = Simulator(fast_config())
    await simulator.start()
    try:
        with pytest.raises(CallbackVerificationError, match="HTTP 403"):
            await simulator.set_callback(callback.url, "wrong-token")
        with pytest.raises(CallbackVerificationError, match="HTTP 404, challenge not echoed"):
            await simulator.set_callback(callback.url + "-elsewhere", VERIFY_TOKEN)
        with pytest.raises(CallbackVerificationError, match="ClientConnectorError"):
            await simulator.set_callback(f"http://127.0.0.1:{_unused_port()}/", VERIFY_TOKEN)
    finally:
        await simulator.stop()
