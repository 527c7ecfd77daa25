"""Graph endpoints over real HTTP: auth, version prefixes, sends, errors, the phone node."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.errors import REENGAGEMENT_DETAILS

from .conftest import AUTH, PHONE_ID, FakeClock, send_text

pytestmark = pytest.mark.asyncio


async def _post(
    http: aiohttp.ClientSession, url: str, body: Any, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    async with http.post(url, json=body, headers=AUTH if headers is None else headers) as r:
        return r.status, await r.json()


def _assert_graph_error(body: dict[str, Any], code: int) -> dict[str, Any]:
    error: dict[str, Any] = body["error"]
    assert error["code"] == code
    assert error["type"] == "OAuthException"
    assert isinstance(error["message"], str)
    assert error["fbtrace_id"]
    return error


@pytest.mark.parametrize("version", ["v19.0", "v23.0", "v26.0", "v123.45"])
async def test_any_version_prefix_serves_sends(
    sim: Simulator, http: aiohttp.ClientSession, version: str
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    status, body = await send_text_at(http, sim, version, customer.wa_id)
    assert status == 200
    assert body["messages"][0]["message_status"] == "accepted"


async def send_text_at(
    http: aiohttp.ClientSession, sim: Simulator, version: str, to: str | None
) -> tuple[int, dict[str, Any]]:
    url = f"{sim.graph_url(version)}/{PHONE_ID}/messages"
    body = {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": "hi"}}
    return await _post(http, url, body)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Basic dGVzdA=="}],
    ids=["missing", "wrong", "not-bearer"],
)
async def test_bad_token_gives_401_code_190(
    sim: Simulator, http: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    for method, path in [("GET", PHONE_ID), ("POST", f"{PHONE_ID}/messages")]:
        async with http.request(method, f"{sim.graph_url()}/{path}", headers=headers) as r:
            assert r.status == 401
            assert "WWW-Authenticate" in r.headers
            _assert_graph_error(await r.json(), 190)


async def test_success_response_has_the_documented_shape(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K", wa_id="4915112345678")
    await sim.customer_sends_text(customer.user_id, "hello")
    status, body = await send_text(http, sim, "+4915112345678")
    assert status == 200
    assert body["messaging_product"] == "whatsapp"
    assert body["contacts"] == [{"input": "+4915112345678", "wa_id": "4915112345678"}]
    [message] = body["messages"]
    assert set(message) == {"id", "message_status"}
    assert message["id"].startswith("wamid.")
    assert len(message["id"]) > 20


async def test_send_by_bsuid_reaches_a_username_customer(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Mia", username="mia.k")
    await sim.customer_sends_text(customer.user_id, "hello")
    url = f"{sim.graph_url()}/{PHONE_ID}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "recipient": customer.user_id,
        "text": {"body": "hi"},
    }
    status, body = await _post(http, url, payload)
    assert status == 200
    assert body["contacts"] == [{"input": customer.user_id, "user_id": customer.user_id}]
    [received] = sim.received(customer.user_id)
    assert received.text == "hi"


async def test_accepted_send_lands_in_the_customer_inbox(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K")
    inbound = await sim.customer_sends_text(customer.user_id, "hello")
    status, body = await send_text(
        http,
        sim,
        str(customer.wa_id),
        "On its way!",
        biz_opaque_callback_data="ticket-7",
        context={"message_id": inbound},
    )
    assert status == 200
    [received] = sim.received(customer.user_id)
    assert received.wamid == body["messages"][0]["id"]
    assert received.text == "On its way!"
    assert received.biz_opaque_callback_data == "ticket-7"
    assert received.context_message_id == inbound
    assert received.timestamp == pytest.approx(1_767_225_600.0)


async def test_outside_the_window_gives_131047(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    clock.advance(24 * 3600)
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200
    clock.advance(1)
    status, body = await send_text(http, sim, str(customer.wa_id))
    assert status == 400
    error = _assert_graph_error(body, 131047)
    assert error["error_data"]["details"] == REENGAGEMENT_DETAILS
    assert len(sim.received(customer.user_id)) == 1


async def test_new_inbound_reopens_the_window(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    customer = sim.add_customer("Lena K")
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 400  # never wrote
    await sim.customer_sends_text(customer.user_id, "hello")
    clock.advance(24 * 3600 + 1)
    await sim.customer_sends_text(customer.user_id, "still there?")
    assert (await send_text(http, sim, str(customer.wa_id)))[0] == 200


async def test_unknown_recipient_gives_131026(sim: Simulator, http: aiohttp.ClientSession) -> None:
    status, body = await send_text(http, sim, "4915100000000")
    assert status == 400
    _assert_graph_error(body, 131026)


@pytest.mark.parametrize(
    ("change", "detail_part"),
    [
        ({"messaging_product": None}, "messaging_product"),
        ({"messaging_product": "sms"}, "messaging_product"),
        ({"colour": "red"}, '"colour"'),
        ({"type": "carrier_pigeon"}, "type"),
        ({"text": {"body": "x" * 4097}}, "4096"),
        ({"text": {"body": ""}}, "body"),
        ({"text": {"body": "hi", "bold": True}}, '"bold"'),
        ({"to": "not a number"}, "to"),
        ({"recipient": "DE.123"}, "either"),
        ({"context": {"message_id": 5}}, "context"),
    ],
)
async def test_invalid_bodies_give_code_100(
    sim: Simulator, http: aiohttp.ClientSession, change: dict[str, Any], detail_part: str
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    payload: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "to": customer.wa_id,
        "type": "text",
        "text": {"body": "hi"},
    }
    payload.update(change)
    payload = {k: v for k, v in payload.items() if v is not None}
    status, body = await _post(http, f"{sim.graph_url()}/{PHONE_ID}/messages", payload)
    assert status == 400
    assert detail_part in _assert_graph_error(body, 100)["error_data"]["details"]
    assert sim.received(customer.user_id) == []


async def test_exactly_4096_characters_is_accepted(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hello")
    assert (await send_text(http, sim, str(customer.wa_id), "x" * 4096))[0] == 200


async def test_malformed_json_gives_code_100(sim: Simulator, http: aiohttp.ClientSession) -> None:
    url = f"{sim.graph_url()}/{PHONE_ID}/messages"
    async with http.post(url, data=b"{not json", headers=AUTH) as r:
        assert r.status == 400
        _assert_graph_error(await r.json(), 100)


async def test_mark_as_read(sim: Simulator, http: aiohttp.ClientSession) -> None:
    customer = sim.add_customer("Lena K")
    first = await sim.customer_sends_text(customer.user_id, "hello")
    second = await sim.customer_sends_text(customer.user_id, "anyone?")
    url = f"{sim.graph_url()}/{PHONE_ID}/messages"
    body = {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": second,
        "typing_indicator": {"type": "text"},
    }
    assert await _post(http, url, body) == (200, {"success": True})
    assert sim.is_marked_read(first)
    assert sim.is_marked_read(second)
    status, error = await _post(http, url, {**body, "message_id": "wamid.nope"})
    assert status == 400
    _assert_graph_error(error, 100)


async def test_phone_node_default_and_requested_fields(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{sim.graph_url()}/{PHONE_ID}", headers=AUTH) as r:
        assert await r.json() == {
            "display_phone_number": "+49 30 555000",
            "verified_name": "Acme Support",
            "quality_rating": "GREEN",
            "id": PHONE_ID,
        }
    fields = "is_official_business_account,name_status,throughput,code_verification_status"
    async with http.get(f"{sim.graph_url()}/{PHONE_ID}?fields={fields}", headers=AUTH) as r:
        assert await r.json() == {
            "is_official_business_account": False,
            "name_status": "APPROVED",
            "throughput": {"level": "STANDARD"},
            "code_verification_status": "VERIFIED",
            "id": PHONE_ID,
        }


async def test_phone_node_unknown_field_gives_code_100(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{sim.graph_url()}/{PHONE_ID}?fields=shoe_size", headers=AUTH) as r:
        assert r.status == 400
        assert "shoe_size" in _assert_graph_error(await r.json(), 100)["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/v26.0/999/messages", 400),  # another number
        ("GET", "/v26.0/999", 400),
        ("POST", f"/v26.0/{PHONE_ID}", 400),  # node exists, operation does not
        ("GET", f"/v26.0/{PHONE_ID}/messages", 400),
        ("GET", "/graph/whatever", 404),  # not a Graph path at all
        ("DELETE", "/", 404),
    ],
)
async def test_unknown_paths_give_graph_errors(
    sim: Simulator, http: aiohttp.ClientSession, method: str, path: str, status: int
) -> None:
    async with http.request(method, sim.base_url + path, headers=AUTH) as r:
        assert r.status == status
        _assert_graph_error(await r.json(), 100)
