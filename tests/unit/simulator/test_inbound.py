"""Customers' messages of every §4 type, identity changes and business blocks."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.inbound import (
    ButtonReply,
    Contacts,
    ListReply,
    Location,
    Media,
    Order,
    OrderItem,
    Reaction,
    Referral,
    TemplateButton,
    Unsupported,
)

from .conftest import PHONE_ID, Callback, graph_call, send, send_text, talking_customer, until

pytestmark = pytest.mark.asyncio


async def _one_message(callback: Callback, count: int = 1) -> dict[str, object]:
    await until(lambda: len(callback.messages()) == count)
    return callback.messages()[-1]


async def test_rich_types_carry_their_objects(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Lena K", wa_id="4915112345678")
    uid = customer.user_id
    await sim.customer_sends(uid, Location(52.52, 13.405))
    pin = await _one_message(callback)
    assert pin["location"] == {"latitude": 52.52, "longitude": 13.405}
    card = {"name": {"formatted_name": "Jonas B"}, "phones": [{"phone": "+49 151", "type": "CELL"}]}
    await sim.customer_sends(uid, Contacts((card,)))
    assert (await _one_message(callback, 2))["contacts"] == [card]
    await sim.customer_sends(uid, Reaction("wamid.OUT1", "👍"))
    assert (await _one_message(callback, 3))["reaction"] == {
        "message_id": "wamid.OUT1",
        "emoji": "👍",
    }
    await sim.customer_sends(uid, Reaction("wamid.OUT1"))
    assert (await _one_message(callback, 4))["reaction"] == {
        "message_id": "wamid.OUT1",
        "emoji": "",
    }
    await sim.customer_sends(uid, Order("cat1", (OrderItem("sku-1", 2, 9.99, "EUR"),), "gift"))
    order = (await _one_message(callback, 5))["order"]
    assert order == {
        "catalog_id": "cat1",
        "text": "gift",
        "product_items": [
            {"product_retailer_id": "sku-1", "quantity": 2, "item_price": 9.99, "currency": "EUR"}
        ],
    }
    await sim.customer_sends(uid, Media("sticker", animated=True))
    sticker = (await _one_message(callback, 6))["sticker"]
    assert (sticker["mime_type"], sticker["animated"]) == ("image/webp", True)  # type: ignore[index]
    await sim.customer_sends(uid, Media("document", filename="invoice-42.pdf", caption="see"))
    doc = (await _one_message(callback, 7))["document"]
    assert (doc["filename"], doc["caption"]) == ("invoice-42.pdf", "see")  # type: ignore[index]


async def test_replies_to_business_messages_carry_context(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim)
    _, body = await send_text(http, sim, str(customer.wa_id))
    out = body["messages"][0]["id"]
    await sim.customer_sends(customer.user_id, ButtonReply("yes", "Yes"))
    await sim.customer_sends(customer.user_id, ListReply("slot_2", "Tue", "Berlin"), reply_to=out)
    await sim.customer_sends(customer.user_id, TemplateButton("STOP_PROMO", "Stop promotions"))
    await until(lambda: len(callback.messages()) == 4)
    context = {"from": "4930555000", "id": out}
    button, row, tap = callback.messages()[1:]
    assert button["context"] == context
    assert button["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "yes", "title": "Yes"},
    }
    assert row["interactive"]["list_reply"]["description"] == "Berlin"
    assert (tap["type"], tap["button"]) == (
        "button",
        {"payload": "STOP_PROMO", "text": "Stop promotions"},
    )
    assert tap["context"] == context


async def test_a_reply_needs_something_to_reply_to(sim: Simulator) -> None:
    customer = sim.add_customer("Lena K")
    with pytest.raises(ValueError, match="reply"):
        await sim.customer_sends(customer.user_id, ButtonReply("yes", "Yes"))


@pytest.mark.parametrize("kind", ["forwarded", "frequently_forwarded"])
async def test_forwarded_context(sim: Simulator, callback: Callback, kind: str) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends_text(customer.user_id, "hi")
    await sim.customer_sends(customer.user_id, Media("image"), forwarded=kind)  # type: ignore[arg-type]
    message = await _one_message(callback, 2)
    assert message["context"] == {kind: True}


async def test_product_inquiry_context(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends(
        customer.user_id, Media("image"), reply_to="wamid.OUT9", referred_product=("c1", "sku")
    )
    message = await _one_message(callback)
    assert message["context"] == {
        "from": "4930555000",
        "id": "wamid.OUT9",
        "referred_product": {"catalog_id": "c1", "product_retailer_id": "sku"},
    }


async def test_referral_opens_the_free_entry_point(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K")
    ad = Referral("https://fb.me/ad", "120000", welcome_message="Hi! How can we help?")
    await sim.customer_sends_text(customer.user_id, "I saw your ad")
    await sim.customer_sends(customer.user_id, Media("image"), referral=ad)
    message = await _one_message(callback, 2)
    assert message["referral"] == ad.as_json()
    assert message["referral"]["image_url"] == "https://example.com/ad.jpg"
    _, body = await send_text(http, sim, str(customer.wa_id))
    wamid = body["messages"][0]["id"]
    await until(lambda: len(callback.statuses_of(wamid)) == 3)
    assert {s["pricing"]["type"] for s in callback.statuses()} == {"free_entry_point"}


async def test_unsupported_messages_carry_131051(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Lena K")
    await sim.customer_sends(customer.user_id, Unsupported())
    await sim.customer_sends(customer.user_id, Unsupported(legacy=True))
    await until(lambda: len(callback.messages()) == 2)
    new, old = callback.messages()
    assert (new["type"], old["type"]) == ("unsupported", "unknown")
    assert "unsupported" not in new
    [error] = new["errors"]
    assert error == {
        "code": 131051,
        "title": "Message type unknown",
        "message": "Message type unknown",
        "error_data": {"details": "Message type is currently not supported."},
    }


async def test_number_change_gives_a_new_bsuid_that_the_simulator_then_uses(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = await talking_customer(sim, wa_id="4915112345678")
    old_id = customer.user_id
    changed = sim.customer_changes_number(old_id, "4915187654321")
    assert changed.user_id != old_id
    assert changed.wa_id == "4915187654321"
    system = await _one_message(callback, 2)
    assert system["from"] == "4915112345678"
    assert system["from_user_id"] == old_id
    assert system["type"] == "system"
    assert system["system"] == {
        "body": "User Lena K changed from 4915112345678 to 4915187654321",
        "type": "user_changed_number",
        "wa_id": "4915187654321",
        "user_id": changed.user_id,
        "previous_user_id": old_id,
    }
    with pytest.raises(KeyError):
        sim.customer(old_id)
    assert (await send_text(http, sim, "4915112345678"))[0] == 400  # the old number is gone
    status, body = await send(http, sim, None, "text", {"body": "hi"}, recipient=changed.user_id)
    assert status == 200  # the window moved with the customer
    await sim.customer_sends_text(changed.user_id, "new phone, who dis")
    latest = await _one_message(callback, 3)
    assert latest["from_user_id"] == changed.user_id
    assert len(sim.received(changed.user_id)) == 1


async def test_user_id_change(sim: Simulator, callback: Callback) -> None:
    customer = sim.add_customer("Mia", username="mia.k")
    changed = sim.customer_changes_user_id(customer.user_id, "DE.99999999999999999")
    system = await _one_message(callback)
    assert "from" not in system
    assert system["system"] == {
        "body": f"User changed from {customer.user_id} to DE.99999999999999999",
        "type": "user_changed_user_id",
        "user_id": "DE.99999999999999999",
        "previous_user_id": customer.user_id,
    }
    assert sim.customer("DE.99999999999999999") == changed


async def test_block_users_api_drops_inbound(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    lena = await talking_customer(sim, wa_id="4915112345678")
    mia = await talking_customer(sim, "Mia", username="mia.k")
    quiet = sim.add_customer("Quiet")
    body = {
        "messaging_product": "whatsapp",
        "block_users": [
            {"user": "+49 151 12345678"},
            {"user_id": mia.user_id},
            {"user": quiet.wa_id},
            {"user": "49999"},
        ],
    }
    status, answer = await graph_call(http, sim, "POST", f"{PHONE_ID}/block_users", body)
    assert status == 200
    result = answer["block_users"]
    assert result["added_users"] == [
        {"input": "+49 151 12345678", "wa_id": "4915112345678"},
        {"input": mia.user_id, "user_id": mia.user_id},
    ]
    codes = [(f["input"], f["errors"][0]["code"]) for f in result["failed_users"]]
    assert codes == [(quiet.wa_id, 131047), ("49999", 139100)]
    status, listing = await graph_call(http, sim, "GET", f"{PHONE_ID}/block_users?limit=1")
    assert [d["user_id"] for d in listing["data"]] == [lena.user_id]
    after = listing["paging"]["cursors"]["after"]
    _, page2 = await graph_call(http, sim, "GET", f"{PHONE_ID}/block_users?limit=1&after={after}")
    assert [d["user_id"] for d in page2["data"]] == [mia.user_id]
    await until(lambda: len(callback.messages()) == 2)
    await sim.customer_sends_text(lena.user_id, "you there?")
    assert sim.stats.inbound_dropped == 1
    unblock = {"messaging_product": "whatsapp", "block_users": [{"user": "4915112345678"}]}
    _, answer = await graph_call(http, sim, "DELETE", f"{PHONE_ID}/block_users", unblock)
    assert answer["block_users"]["removed_users"] == [
        {"input": "4915112345678", "wa_id": "4915112345678"}
    ]
    await sim.customer_sends_text(lena.user_id, "hello again")
    await until(lambda: len(callback.messages()) == 3)
    assert not sim.is_blocked_by_business(lena.user_id)
