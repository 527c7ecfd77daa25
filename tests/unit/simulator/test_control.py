"""The /_sim/ control surface over HTTP: no Graph auth, JSON in and out."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator

from .conftest import VERIFY_TOKEN, Callback, fast_config, send_text, until

pytestmark = pytest.mark.asyncio


async def _call(
    http: aiohttp.ClientSession, method: str, url: str, body: Any = None
) -> tuple[int, Any]:
    async with http.request(method, url, json=body) as response:
        return response.status, await response.json()


async def test_customer_lifecycle_over_http(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    base = f"{sim.base_url}/_sim"
    status, customer = await _call(
        http, "POST", f"{base}/customers", {"profile_name": "Lena K", "wa_id": "4915112345678"}
    )
    assert status == 201
    assert customer["wa_id"] == "4915112345678"
    user_id = customer["user_id"]
    assert (await _call(http, "GET", f"{base}/customers"))[1] == {"data": [customer]}

    message = {"type": "text", "text": {"body": "hello"}}
    status, sent = await _call(http, "POST", f"{base}/customers/{user_id}/messages", message)
    assert status == 201
    await until(lambda: [m["id"] for m in callback.messages()] == [sent["id"]])

    _, reply = await send_text(http, sim, "4915112345678", "Hi Lena")
    status, received = await _call(http, "GET", f"{base}/customers/{user_id}/received")
    assert status == 200
    [item] = received["data"]
    assert item["wamid"] == reply["messages"][0]["id"]
    assert item["text"] == "Hi Lena"
    assert item["content"] == {"body": "Hi Lena", "preview_url": False}

    _, stats = await _call(http, "GET", f"{base}/stats")
    assert stats["inbound_messages"] == 1
    assert stats["outbound_accepted"] == 1


async def test_script_and_tokens_over_http(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    script = {"customers": 2, "messages_per_customer": 2, "rate_per_second": 500, "seed": 3}
    assert (await _call(http, "POST", f"{sim.base_url}/_sim/scripts", script))[0] == 202
    await until(lambda: len(callback.messages()) == 4)
    _, tokens = await _call(http, "GET", f"{sim.base_url}/_sim/tokens")
    assert sorted(tokens["tokens"]) == sorted(sim.canary_tokens)
    assert len(tokens["tokens"]) == 4


async def test_set_callback_over_http(callback: Callback, http: aiohttp.ClientSession) -> None:
    simulator = Simulator(fast_config())
    await simulator.start()
    try:
        url = f"{simulator.base_url}/_sim/callback"
        status, body = await _call(http, "POST", url, {"url": callback.url, "verify_token": "x"})
        assert status == 502
        assert "HTTP 403" in body["error"]["message"]
        good = {"url": callback.url, "verify_token": VERIFY_TOKEN}
        assert await _call(http, "POST", url, good) == (200, {"success": True})
    finally:
        await simulator.stop()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/customers", {"wa_id": "49151"}, 400),
        ("POST", "/customers", {"profile_name": "X", "user_id": "nope"}, 400),
        ("POST", "/customers", {"profile_name": "X", "wa_id": 49151}, 400),
        ("POST", "/customers", [1, 2], 400),
        ("POST", "/customers/DE.1/messages", {"type": "text", "text": {"body": "x"}}, 404),
        ("POST", "/customers/DE.1/messages", {"type": "image"}, 400),
        ("GET", "/customers/DE.1/received", None, 404),
        ("POST", "/scripts", {"customers": 1}, 400),
        ("POST", "/callback", {"url": 5}, 400),
        ("GET", "/nothing/here", None, 404),
    ],
)
async def test_control_errors(
    sim: Simulator,
    http: aiohttp.ClientSession,
    method: str,
    path: str,
    body: Any,
    status: int,
) -> None:
    got_status, got = await _call(http, method, f"{sim.base_url}/_sim{path}", body)
    assert got_status == status
    assert isinstance(got["error"]["message"], str)
