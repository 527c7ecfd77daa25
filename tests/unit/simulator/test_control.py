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
        ("POST", "/customers/DE.1/messages", {"type": "hologram"}, 400),
        ("POST", "/customers/DE.1/messages", {"type": "image"}, 404),
        ("POST", "/customers/DE.1/block", {}, 404),
        ("PATCH", "/behaviour", {"window": "sometimes"}, 400),
        ("PATCH", "/behaviour", {"colour": "red"}, 400),
        ("PATCH", "/phone_number", {"quality_rating": "PURPLE"}, 400),
        ("POST", "/templates", {"name": "x"}, 400),
        ("POST", "/templates/nope/en_US/status", {"status": "PAUSED"}, 404),
        ("POST", "/scripts", {"customers": 1, "messages_per_customer": 1,
                              "rate_per_second": 1, "type_mix": {"hologram": 1}}, 400),
        ("GET", "/customers/DE.1/received", None, 404),
        ("POST", "/scripts", {"customers": 1}, 400),
        ("POST", "/callback", {"url": 5}, 400),
        ("GET", "/nothing/here", None, 404),
    ],
)  # fmt: skip
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


async def test_customer_actions_over_http(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    base = f"{sim.base_url}/_sim"
    _, customer = await _call(http, "POST", f"{base}/customers", {"profile_name": "Lena K"})
    user = f"{base}/customers/{customer['user_id']}"
    image = {"type": "image", "image": {"data": "/9j/4AAQ", "caption": "receipt"}}
    assert (await _call(http, "POST", f"{user}/messages", image))[0] == 201
    voice = {"type": "audio", "audio": {"voice": True}, "forwarded": "forwarded"}
    assert (await _call(http, "POST", f"{user}/messages", voice))[0] == 201
    location = {"type": "location", "location": {"latitude": 52.5, "longitude": 13.4}}
    referral = {"source_url": "https://fb.me/x", "source_id": "1", "media_type": "video"}
    assert (await _call(http, "POST", f"{user}/messages", {**location, "referral": referral}))[
        0
    ] == 201
    await until(lambda: len(callback.messages()) == 3)
    pic, note, pin = callback.messages()
    assert pic["image"]["caption"] == "receipt"
    assert (note["audio"]["voice"], note["context"]) == (True, {"forwarded": True})
    assert pin["referral"]["video_url"] == "https://example.com/ad.jpg"
    assert (await _call(http, "POST", f"{user}/promotions", {"value": "stop"}))[0] == 200
    assert (await _call(http, "POST", f"{user}/block", {"blocked": True}))[1] == {"blocked": True}
    status, moved = await _call(http, "POST", f"{user}/number", {"wa_id": "4915100000042"})
    assert (status, moved["wa_id"]) == (200, "4915100000042")
    assert (await _call(http, "GET", user))[0] == 404
    user = f"{base}/customers/{moved['user_id']}"
    status, shown = await _call(http, "GET", user)
    assert (shown["wa_id"], shown["blocked_by_business"]) == ("4915100000042", False)
    status, renamed = await _call(http, "POST", f"{user}/user_id", {})
    assert renamed["user_id"] != moved["user_id"]
    user = f"{base}/customers/{renamed['user_id']}"
    assert (await _call(http, "POST", f"{user}/read"))[1] == {"read": []}
    await until(lambda: len(callback.field_values("user_preferences")) == 1)


async def test_switches_over_http(sim: Simulator, http: aiohttp.ClientSession) -> None:
    base = f"{sim.base_url}/_sim"
    status, behaviour = await _call(http, "PATCH", f"{base}/behaviour", {"window": "fail"})
    assert (status, behaviour["window"]) == (200, "fail")
    assert sim.behaviour.window == "fail"
    customer = sim.add_customer("Lena K")
    url = f"{base}/customers/{customer.user_id}/behaviour"
    status, body = await _call(http, "PATCH", url, {"pair_burst": 3, "blocked": "silent"})
    assert status == 200
    assert body["overrides"] == {"pair_burst": 3, "blocked": "silent"}
    assert (body["effective"]["pair_burst"], body["effective"]["window"]) == (3, "fail")
    status, body = await _call(http, "PATCH", url, {"pair_burst": None})
    assert body["overrides"] == {"blocked": "silent"}
    assert (await _call(http, "PATCH", url, {"expired_token": True}))[0] == 400
    assert (await _call(http, "PATCH", url, {"pair_burst": 0}))[0] == 400


async def test_number_and_templates_over_http(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    base = f"{sim.base_url}/_sim"
    status, phone = await _call(
        http,
        "PATCH",
        f"{base}/phone_number",
        {"verified_name": "Acme Two", "is_official_business_account": True},
    )
    assert (status, phone["verified_name"], phone["is_official_business_account"]) == (
        200,
        "Acme Two",
        True,
    )
    template = {
        "name": "promo_2",
        "language": "de_DE",
        "category": "marketing",
        "body_params": ["code"],
    }
    status, created = await _call(http, "POST", f"{base}/templates", template)
    assert (status, created["body_params"]) == (201, ["code"])
    url = f"{base}/templates/promo_2/de_DE/status"
    status, changed = await _call(http, "POST", url, {"status": "PAUSED", "reason": "LOW"})
    assert (status, changed["status"]) == (200, "PAUSED")
    _, listing = await _call(http, "GET", f"{base}/templates")
    assert "promo_2" in {t["name"] for t in listing["data"]}
    await until(lambda: len(list(callback.changes())) == 3)
    assert {c["field"] for c in callback.changes()} == {
        "phone_number_name_update", "account_update", "message_template_status_update"
    }  # fmt: skip


async def test_what_meta_tells_admins_over_http(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    base = f"{sim.base_url}/_sim"
    template = f"{base}/templates/order_update/en_US"
    rejection = {
        "status": "REJECTED",
        "reason": "INCORRECT_CATEGORY",
        "rejection_reason": "Discount wording.",
        "recommendation": "Use MARKETING.",
    }
    assert (await _call(http, "POST", f"{template}/status", rejection))[0] == 200
    status, rated = await _call(http, "POST", f"{template}/quality", {"score": "RED"})
    assert (status, rated["quality"]) == (200, "RED")
    status, moved = await _call(http, "POST", f"{template}/category", {"category": "marketing"})
    assert (status, moved["category"]) == (200, "marketing")
    assert (await _call(http, "POST", f"{template}/quality", {"score": "PINK"}))[0] == 400
    assert (await _call(http, "POST", f"{base}/templates/nope/en_US/category",
                        {"category": "utility"}))[0] == 404  # fmt: skip
    customer = sim.add_customer("Lena K", wa_id="4915112345678")
    url = f"{base}/customers/{customer.user_id}/unreadable_interactive"
    status, sent = await _call(http, "POST", url, {"reply_to": "wamid.OUT1"})
    assert status == 201
    await until(lambda: len(list(callback.changes())) == 4)  # three updates and the message
    changes = {c["field"]: c["value"] for c in callback.changes()}
    assert changes["message_template_status_update"]["rejection_info"] == {
        "reason": "Discount wording.",
        "recommendation": "Use MARKETING.",
    }
    assert changes["message_template_quality_update"]["new_quality_score"] == "RED"
    assert changes["template_category_update"]["new_category"] == "MARKETING"
    [message] = callback.messages()
    assert (message["id"], message["type"], message["context"]["id"]) == (
        sent["id"],
        "interactive",
        "wamid.OUT1",
    )
    assert "interactive" not in message
    [value] = [
        c["value"]
        for d in callback.deliveries
        for e in d.body["entry"]
        for c in e["changes"]
        if c["field"] == "messages"
    ]
    assert [e["code"] for e in value["errors"]] == [131000]
