"""The business's own phone with coexistence (cloud-api.md §15): what the owner types reaches
the customer and comes back as an echo; the phone book comes as `smb_app_state_sync`."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.inbound import ButtonReply, Media

from .conftest import Callback, until

pytestmark = pytest.mark.asyncio


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
    contact = {"action": "add", "phone_number": "491510000000", "full_name": "Jonas Becker"}
    async with http.post(f"{base}/contacts", json=contact) as answer:
        assert answer.status == 201
    async with http.post(f"{base}/contacts", json={"action": "forget"}) as answer:
        assert answer.status == 400
    await until(lambda: bool(echoes(callback) and callback.field_values("smb_app_state_sync")))
    assert echoes(callback)[0]["id"] == wamid
    [synced] = callback.field_values("smb_app_state_sync")
    assert synced["state_sync"][0]["contact"]["full_name"] == "Jonas Becker"
