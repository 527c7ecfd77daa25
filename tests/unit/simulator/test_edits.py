"""Customers edit and delete what they sent, within Meta's time limits (cloud-api.md §16), and
Meta posts messages for another number of the app to the same callback."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.edits import EDIT_WINDOW_S, REVOKE_WINDOW_S
from app.simulator.inbound import Location

from .conftest import Callback, FakeClock, until

pytestmark = pytest.mark.asyncio


async def test_an_edit_and_a_deletion_name_the_original(sim: Simulator, callback: Callback) -> None:
    lena = sim.add_customer("Lena K")
    original = await sim.customer_sends_text(lena.user_id, "Is my order shipped?")
    edit = sim.customer_edits(lena.user_id, original, "Is my order shipped yet?")
    gone = sim.customer_deletes(lena.user_id, original)
    await until(lambda: len(callback.messages()) == 3)
    _, edited, revoked = callback.messages()
    assert (edited["id"], edited["type"], edited["edit"]["original_message_id"]) == (
        edit,
        "edit",
        original,
    )
    assert edited["edit"]["message"] == {
        "type": "text",
        "text": {"body": "Is my order shipped yet?"},
    }
    assert (revoked["id"], revoked["revoke"]) == (gone, {"original_message_id": original})
    assert len({original, edit, gone}) == 3


async def test_only_ones_own_recent_messages_can_change(sim: Simulator, clock: FakeClock) -> None:
    lena, ben = sim.add_customer("Lena K"), sim.add_customer("Ben")
    original = await sim.customer_sends_text(lena.user_id, "hello")
    with pytest.raises(ValueError, match="only messages they sent"):
        sim.customer_edits(ben.user_id, original, "hijacked")
    clock.advance(EDIT_WINDOW_S + 1)
    with pytest.raises(ValueError, match="too late"):
        sim.customer_edits(lena.user_id, original, "later")
    sim.customer_deletes(lena.user_id, original)  # deleting is allowed for two days
    pin = await sim.customer_sends(lena.user_id, Location(52.52, 13.405))
    with pytest.raises(ValueError, match="only texts and captions"):
        sim.customer_edits(lena.user_id, pin, "somewhere else")
    clock.advance(REVOKE_WINDOW_S)
    with pytest.raises(ValueError, match="too late"):
        sim.customer_deletes(lena.user_id, original)


async def test_the_control_surface_edits_and_deletes(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    lena = sim.add_customer("Lena K")
    original = await sim.customer_sends_text(lena.user_id, "hello")
    base = f"{sim.base_url}/_sim/customers/{lena.user_id}"
    edit = {"message_id": original, "text": "hello there"}
    async with http.post(f"{base}/edits", json=edit) as response:
        assert response.status == 201
    async with http.post(f"{base}/deletions", json={"message_id": original}) as response:
        assert response.status == 201
    async with http.post(f"{base}/edits", json={"message_id": original, "text": 7}) as response:
        assert response.status == 400
    await until(lambda: [m["type"] for m in callback.messages()] == ["text", "edit", "revoke"])


async def test_a_message_for_another_number_says_so_in_its_metadata(
    sim: Simulator, callback: Callback
) -> None:
    lena = sim.add_customer("Lena K")
    sim.message_for_other_number("770000000000999")
    await sim.customer_sends_text(lena.user_id, "ours")
    await until(lambda: len(callback.messages()) == 2)
    numbers = [
        c["value"]["metadata"]["phone_number_id"]
        for d in callback.deliveries
        for e in d.body["entry"]
        for c in e["changes"]
    ]
    assert numbers == ["770000000000999", sim.config.phone_number_id]
    with pytest.raises(ValueError, match="own phone number id"):
        sim.message_for_other_number(sim.config.phone_number_id)
