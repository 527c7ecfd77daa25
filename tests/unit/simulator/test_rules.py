"""Meta's rules (§8, §11, §12): each answered at once, as a later failed status, or off."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.behaviour import Behaviour

from .conftest import (
    PHONE_ID,
    Callback,
    FakeClock,
    error_code,
    fast_config,
    graph_call,
    send,
    send_text,
    talking_customer,
    until,
)

pytestmark = pytest.mark.asyncio

ORDER_UPDATE = {
    "name": "order_update",
    "language": {"code": "en_US"},
    "components": [
        {
            "type": "body",
            "parameters": [{"type": "text", "text": "Ada"}, {"type": "text", "text": "#42"}],
        }
    ],
}
PROMO = {
    "name": "seasonal_promotion",
    "language": {"code": "en_US"},
    "components": [
        {
            "type": "header",
            "parameters": [{"type": "image", "image": {"link": "https://e.com/p.jpg"}}],
        },
        {
            "type": "body",
            "parameters": [
                {"type": "text", "parameter_name": "season", "text": "Summer"},
                {"type": "text", "parameter_name": "discount", "text": "25%"},
            ],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "1",
            "parameters": [{"type": "payload", "payload": "STOP"}],
        },
    ],
}


async def _failed_with(callback: Callback, wamid: str) -> int:
    await until(lambda: "failed" in callback.statuses_of(wamid))
    [failed] = [s for s in callback.statuses() if s["id"] == wamid]
    assert "pricing" not in failed
    [error] = failed["errors"]
    assert set(error) == {"code", "title", "message", "error_data", "href"}
    code: int = error["code"]
    return code


async def test_window_rule_in_fail_mode_accepts_then_fails(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")  # never wrote: the window is closed
    sim.configure(window="fail")
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert status == 200
    assert await _failed_with(callback, body["messages"][0]["id"]) == 131047
    assert sim.statuses(body["messages"][0]["id"]) == ("failed",)


async def test_window_rule_off_and_templates_exempt(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K")
    assert (await send(http, sim, customer.wa_id, "template", ORDER_UPDATE))[0] == 200
    sim.configure_customer(customer.user_id, window="off")
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


@pytest.mark.parametrize(
    ("mode", "http_status", "expected"),
    [("reject", 400, None), ("fail", 200, ("failed",)), ("silent", 200, ("sent",))],
)
async def test_customer_blocked_the_business(
    sim: Simulator,
    http: aiohttp.ClientSession,
    callback: Callback,
    mode: str,
    http_status: int,
    expected: tuple[str, ...] | None,
) -> None:
    customer = await talking_customer(sim)
    sim.configure_customer(customer.user_id, blocked=mode)
    sim.customer_blocks_business(customer.user_id)
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert status == http_status
    if expected is None:
        assert error_code(body) == 131026
        return
    wamid = body["messages"][0]["id"]
    await until(lambda: sim.statuses(wamid) == expected)
    if mode == "fail":
        assert await _failed_with(callback, wamid) == 131026
    sim.customer_blocks_business(customer.user_id, blocked=False)
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


async def test_stop_promotions_emits_user_preferences_then_marketing_fails(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim, wa_id="4915112345678")
    sim.customer_stops_promotions(customer.user_id)
    await until(lambda: bool(callback.field_values("user_preferences")))
    [value] = callback.field_values("user_preferences")
    [pref] = value["user_preferences"]
    assert pref["wa_id"] == "4915112345678"
    assert pref["user_id"] == customer.user_id
    assert (pref["category"], pref["value"]) == ("marketing_messages", "stop")
    assert value["contacts"] == [customer.contact()]
    _, promo = await send(http, sim, customer.wa_id, "template", PROMO)
    assert await _failed_with(callback, promo["messages"][0]["id"]) == 131050
    _, utility = await send(http, sim, customer.wa_id, "template", ORDER_UPDATE)
    _, service = await send_text(http, sim, str(customer.wa_id))
    for wamid in (utility["messages"][0]["id"], service["messages"][0]["id"]):
        await until(lambda w=wamid: "read" in sim.statuses(w))  # type: ignore[misc]
    sim.customer_resumes_promotions(customer.user_id)
    await until(lambda: len(callback.field_values("user_preferences")) == 2)
    _, again = await send(http, sim, customer.wa_id, "template", PROMO)
    await until(lambda: "read" in sim.statuses(again["messages"][0]["id"]))


async def test_pair_rate_limit_bursts_45_then_refills_one_per_6s(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    customer = await talking_customer(sim)
    other = await talking_customer(sim, "Jonas B")
    codes = [(await send_text(http, sim, str(customer.wa_id)))[0] for _ in range(46)]
    assert codes == [200] * 45 + [400]
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert error_code(body) == 131056
    assert (await send_text(http, sim, str(other.wa_id)))[0] == 200  # per pair
    clock.advance(6)
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 400


async def test_pair_rate_limit_is_configurable_per_customer(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    sim.configure_customer(customer.user_id, pair_burst=2, pair_rate="fail")
    answers = [await send_text(http, sim, str(customer.wa_id)) for _ in range(3)]
    assert [status for status, _ in answers] == [200, 200, 200]
    assert await _failed_with(callback, answers[2][1]["messages"][0]["id"]) == 131056


@pytest.mark.parametrize("config", [fast_config(behaviour=Behaviour(throughput_mps=3))])
async def test_throughput_cap_gives_130429(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    customers = [await talking_customer(sim, f"C{n}") for n in range(4)]
    codes = [(await send_text(http, sim, str(c.wa_id)))[0] for c in customers]
    assert codes == [200, 200, 200, 400]
    _, body = await send_text(http, sim, str(customers[0].wa_id))
    assert error_code(body) == 130429
    clock.advance(1)
    assert (await send_text(http, sim, str(customers[3].wa_id)))[0] == 200


async def test_throughput_follows_the_numbers_level(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    sim.configure(pair_rate="off")
    codes = [(await send_text(http, sim, str(customer.wa_id)))[0] for _ in range(81)]
    assert codes == [200] * 80 + [400]  # STANDARD: 80 mps, and the fake clock stands still
    sim.update_phone_number(throughput_level="HIGH")
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


@pytest.mark.parametrize("config", [fast_config(behaviour=Behaviour(transient_errors=1.0))])
async def test_transient_errors_are_5xx_131000_or_131016(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    seen = set()
    for _ in range(12):
        status, body = await send_text(http, sim, str(customer.wa_id))
        seen.add((status, error_code(body)))
    assert seen <= {(500, 131000), (503, 131016)}
    assert len(seen) == 2
    sim.configure_customer(customer.user_id, transient_errors=0.0)
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


async def test_expired_token_answers_190_everywhere(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    sim.configure(expired_token=True)
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert (status, error_code(body)) == (401, 190)
    assert "expired" in body["error"]["message"]
    assert (await graph_call(http, sim, "GET", PHONE_ID))[0] == 401
    sim.configure(expired_token=False)
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ({**ORDER_UPDATE, "name": "no_such"}, 132001),
        ({**ORDER_UPDATE, "language": {"code": "fr_FR"}}, 132001),
        ({**ORDER_UPDATE, "components": []}, 132000),
        ({**PROMO, "components": PROMO["components"][1:]}, 132000),  # header missing
        ({**ORDER_UPDATE, "components": [{"type": "body", "parameters": [
            {"type": "text", "text": "a", "parameter_name": "x"},
            {"type": "text", "text": "b", "parameter_name": "y"}]}]}, 132012),
        ({"name": "verification_code", "language": {"code": "en_US"}, "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "123456"}]}]}, 132000),
    ],
)  # fmt: skip
async def test_template_registry_errors(
    sim: Simulator, http: aiohttp.ClientSession, template: dict[str, Any], code: int
) -> None:
    customer = sim.add_customer("Lena K")
    status, body = await send(http, sim, customer.wa_id, "template", template)
    assert (status, error_code(body)) == (400, code)


async def test_template_status_changes_are_announced_and_enforced(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    sim.set_template_status("order_update", "en_US", "PAUSED", reason="LOW_QUALITY")
    await until(lambda: bool(callback.field_values("message_template_status_update")))
    [value] = callback.field_values("message_template_status_update")
    assert value["event"] == "PAUSED"
    assert value["message_template_name"] == "order_update"
    assert value["message_template_language"] == "en_US"
    assert value["reason"] == "LOW_QUALITY"
    assert isinstance(value["message_template_id"], int)
    [entry] = callback.deliveries[-1].body["entry"]
    assert isinstance(entry["time"], int)
    status, body = await send(http, sim, customer.wa_id, "template", ORDER_UPDATE)
    assert error_code(body) == 132015
    sim.set_template_status("order_update", "en_US", "DISABLED")
    assert (
        error_code((await send(http, sim, customer.wa_id, "template", ORDER_UPDATE))[1]) == 132016
    )


async def test_template_pricing_follows_category_and_window(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    quiet = sim.add_customer("Quiet")
    chatty = await talking_customer(sim, "Chatty")
    _, outside = await send(http, sim, quiet.wa_id, "template", ORDER_UPDATE)
    _, inside = await send(http, sim, chatty.wa_id, "template", ORDER_UPDATE)
    _, promo = await send(http, sim, chatty.wa_id, "template", PROMO)
    ids = [b["messages"][0]["id"] for b in (outside, inside, promo)]
    await until(lambda: all(len(callback.statuses_of(w)) == 3 for w in ids))
    pricing = {s["id"]: s["pricing"] for s in callback.statuses()}
    assert pricing[ids[0]] == {
        "billable": True, "pricing_model": "PMP", "type": "regular", "category": "utility"
    }  # fmt: skip
    assert pricing[ids[1]]["type"] == "free_customer_service"
    assert (pricing[ids[2]]["category"], pricing[ids[2]]["type"]) == ("marketing", "regular")


@pytest.mark.parametrize("config", [fast_config(delivered_delay=0.3, read_delay=None)])
async def test_a_window_opened_after_the_send_does_not_reprice_its_later_statuses(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    """Meta prices a message once: a utility template sent outside the window stays charged on
    `delivered` even if the customer writes between its `sent` and its `delivered`."""
    lena = sim.add_customer("Lena")
    _, body = await send(http, sim, lena.wa_id, "template", ORDER_UPDATE)
    wamid = body["messages"][0]["id"]
    await until(lambda: callback.statuses_of(wamid) == ["sent"])
    await sim.customer_sends_text(lena.user_id, "Thanks!")  # opens the window
    await until(lambda: callback.statuses_of(wamid) == ["sent", "delivered"])
    types = [s["pricing"]["type"] for s in callback.statuses() if s["id"] == wamid]
    assert types == ["regular", "regular"]


@pytest.mark.parametrize(
    ("template", "detail"),
    [
        ({"language": {"code": "en_US"}}, "name"),
        ({"name": "x", "language": "en_US"}, "language"),
        ({"name": "x", "language": {"code": "en"}, "components": [{"type": "footer"}]}, "type"),
        ({"name": "x", "language": {"code": "en"}, "components": [
            {"type": "body", "parameters": [{"type": "text"}]}]}, "text"),
        ({"name": "x", "language": {"code": "en"}, "components": [
            {"type": "button", "sub_type": "quick_reply", "parameters": []}]}, "index"),
        ({"name": "x", "language": {"code": "en"}, "components": [
            {"type": "body", "parameters": [{"type": "currency", "currency": {
                "fallback_value": "$1", "code": "USD", "amount_1000": "1000"}}]}]}, "amount_1000"),
    ],
)  # fmt: skip
async def test_malformed_templates_give_code_100(
    sim: Simulator, http: aiohttp.ClientSession, template: dict[str, Any], detail: str
) -> None:
    customer = sim.add_customer("Lena K")
    status, body = await send(http, sim, customer.wa_id, "template", template)
    assert (status, error_code(body)) == (400, 100)
    assert detail in body["error"]["error_data"]["details"]
