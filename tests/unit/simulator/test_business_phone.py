"""The business's own phone with coexistence (cloud-api.md §15): what the owner types reaches
the customer and comes back as an echo; the phone book comes as `smb_app_state_sync`."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.inbound import ButtonReply, Media

from .conftest import PHONE_ID, Callback, FakeClock, graph_call, until

pytestmark = pytest.mark.asyncio


SYNC = {"messaging_product": "whatsapp", "sync_type": "smb_app_state_sync"}


def synced(callback: Callback) -> list[tuple[str, str]]:
    """(action, phone_number) of every phone-book change delivered, in order."""
    return [
        (item["action"], item["contact"]["phone_number"])
        for value in callback.field_values("smb_app_state_sync")
        for item in value["state_sync"]
    ]


def echoes(callback: Callback) -> list[dict[str, object]]:
    return [e for v in callback.field_values("smb_message_echoes") for e in v["message_echoes"]]


async def test_the_customer_receives_what_the_phone_sent_and_meta_echoes_it(
    sim: Simulator, callback: Callback
) -> None:
    lena = sim.add_customer("Lena K", wa_id="4915112345678")
    text = sim.phone_sends_text(lena.user_id, "Parcel left today")
    image = sim.phone_sends(lena.user_id, Media("image", caption="your parcel"))
    await until(lambda: len(echoes(callback)) == 2)
    first, second = echoes(callback)
    assert (first["id"], first["from"], first["to"]) == (text, "4930555000", "4915112345678")
    assert (first["to_user_id"], first["text"]) == (lena.user_id, {"body": "Parcel left today"})
    assert second["id"] == image
    assert [m.wamid for m in sim.received(lena.user_id)] == [text, image]
    assert callback.messages() == []  # an echo is no customer message
    assert callback.statuses() == []  # and the phone's sends get no statuses


async def test_the_phone_sends_only_what_a_business_sends(sim: Simulator) -> None:
    lena = sim.add_customer("Lena K")
    with pytest.raises(ValueError, match="business phone sends"):
        sim.phone_sends(lena.user_id, ButtonReply("yes", "Yes"))


async def test_the_control_surface_drives_the_phone(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    lena = sim.add_customer("Lena K")
    base = f"{sim.base_url}/_sim/phone"
    body = {"to": lena.user_id, "type": "text", "text": {"body": "hello"}}
    async with http.post(f"{base}/messages", json=body) as answer:
        assert answer.status == 201
        wamid = (await answer.json())["id"]
    async with http.post(f"{base}/messages", json={**body, "to": "DE.nobody"}) as answer:
        assert answer.status == 404
    async with http.post(f"{base}/messages", json={"to": lena.user_id, "type": "reaction"}) as a:
        assert a.status == 400
    await graph_call(http, sim, "POST", f"{PHONE_ID}/smb_app_data", SYNC)
    contact = {"action": "add", "phone_number": "491510000000", "full_name": "Jonas Becker"}
    async with http.post(f"{base}/contacts", json=contact) as answer:
        assert answer.status == 201
    async with http.post(f"{base}/contacts", json={"action": "forget"}) as answer:
        assert answer.status == 400
    await until(lambda: bool(echoes(callback) and callback.field_values("smb_app_state_sync")))
    assert echoes(callback)[0]["id"] == wamid
    [synced] = callback.field_values("smb_app_state_sync")
    assert synced["state_sync"][0]["contact"]["full_name"] == "Jonas Becker"


async def test_the_phone_book_comes_when_asked_for_then_every_change(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    sim.phone_saves_contact("491510000000", "Jonas Becker")
    sim.phone_saves_contact("491520000000", "Mara Roth")
    sim.phone_removes_contact("491520000000")
    await sim.customer_sends_text(sim.add_customer("Lena K").user_id, "hello")
    await until(lambda: len(callback.messages()) == 1)
    assert synced(callback) == []  # nothing before the API asks (smb_app_data, §15.1)
    status, answer = await graph_call(http, sim, "POST", f"{PHONE_ID}/smb_app_data", SYNC)
    assert status == 200
    assert answer["request_id"].startswith("SYNCREQ")
    await until(lambda: synced(callback) == [("add", "491510000000")])
    sim.phone_removes_contact("491510000000")
    await until(lambda: synced(callback)[-1:] == [("remove", "491510000000")])


async def test_each_sync_may_be_asked_for_once_within_a_day(
    sim: Simulator, http: aiohttp.ClientSession, clock: FakeClock
) -> None:
    path = f"{PHONE_ID}/smb_app_data"
    assert (await graph_call(http, sim, "POST", path, SYNC))[0] == 200
    status, answer = await graph_call(http, sim, "POST", path, SYNC)
    assert (status, answer["error"]["code"]) == (400, 100)
    clock.advance(24 * 3600 + 1)
    history = {"messaging_product": "whatsapp", "sync_type": "history"}
    status, answer = await graph_call(http, sim, "POST", path, history)
    assert (status, answer["error"]["code"]) == (400, 100)
    status, answer = await graph_call(http, sim, "POST", path, {"sync_type": "photos"})
    assert (status, answer["error"]["code"]) == (400, 100)
