"""The business phone's chat history (cloud-api.md §15.3): phases of shuffled chunks whose
progress ends at 100, media as placeholders, the live chats overlapping, or error 2593109
when the owner declined to share."""

from __future__ import annotations

import random
from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.phone_history import (
    DAY_S,
    PastChat,
    PastMessage,
    history_items,
    phase_of,
    seed_chats,
)

from .conftest import PHONE_ID, Callback, FakeClock, graph_call, until

pytestmark = pytest.mark.asyncio

HISTORY = {"messaging_product": "whatsapp", "sync_type": "history"}
NOW = 1_767_300_000.0


def chunks(callback: Callback) -> list[dict[str, Any]]:
    return [item for value in callback.field_values("history") for item in value.get("history", [])]


def shared(callback: Callback) -> list[dict[str, Any]]:
    return [
        message
        for chunk in chunks(callback)
        for thread in chunk.get("threads", [])
        for message in thread["messages"]
    ]


async def test_an_invented_past_is_within_180_days_and_mixes_both_sides() -> None:
    chats = seed_chats(random.Random(7), NOW, chats=300, messages=5_000)
    messages = [m for chat in chats for m in chat.messages]
    assert (len(chats), len(messages)) == (300, 5_000)
    assert all(0 < NOW - m.at <= 180 * DAY_S for m in messages)
    assert {m.from_business for m in messages} == {True, False}
    assert len({m.wamid for m in messages}) == 5_000


async def test_chunks_come_phase_by_phase_and_progress_ends_at_100() -> None:
    chats = seed_chats(random.Random(7), NOW, chats=300, messages=5_000)
    items = history_items(chats, NOW, "4930555000", random.Random(1), threads_per_chunk=20)
    meta = [item.obj["metadata"] for item in items]
    assert [m["phase"] for m in meta] == sorted(m["phase"] for m in meta)
    progress = [m["progress"] for m in meta]
    assert progress == sorted(progress)
    assert progress[-1] == 100
    assert progress[0] < 100
    orders = [m["chunk_order"] for m in meta if m["phase"] == 1]
    assert orders != sorted(orders)  # shuffled within the phase
    sent = [msg for item in items for t in item.obj["threads"] for msg in t["messages"]]
    assert len(sent) == 5_000
    for msg in sent:
        assert phase_of(int(msg["timestamp"]), NOW) is not None
        if msg["from"] == "4930555000":
            assert msg["to"]  # only business-sent messages carry `to`
        assert msg["type"] in ("text", "media_placeholder")
        assert ("media_placeholder" in msg) is False  # a placeholder has no object


async def test_history_comes_once_asked_for_and_overlaps_the_live_chat(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    lena = sim.add_customer("Lena K", wa_id="4915112345678")
    live = await sim.customer_sends_text(lena.user_id, "Is my parcel here?")
    echo = sim.phone_sends_text(lena.user_id, "Yes, since noon.")
    sim.phone_has_past(chats=3, messages=12)
    await until(lambda: len(callback.messages()) == 1)
    assert chunks(callback) == []  # nothing before the API asks
    status, answer = await graph_call(http, sim, "POST", f"{PHONE_ID}/smb_app_data", HISTORY)
    assert status == 200
    assert answer["request_id"]
    await until(lambda: any(c["metadata"]["progress"] == 100 for c in chunks(callback)))
    wamids = [m["id"] for m in shared(callback)]
    assert len(wamids) == 14
    assert {live, echo} <= set(wamids)  # Meta shares what the API already had, again


async def test_an_owner_who_declined_gets_the_api_error_2593109(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    base = f"{sim.base_url}/_sim/phone/history"
    async with http.post(base, json={"shares": False, "chats": 2, "messages": 4}) as response:
        assert response.status == 201
        assert (await response.json())["messages"] == 4
    await graph_call(http, sim, "POST", f"{PHONE_ID}/smb_app_data", HISTORY)
    await until(lambda: bool(chunks(callback)))
    (only,) = chunks(callback)
    assert [e["code"] for e in only["errors"]] == [2593109]
    assert "threads" not in only
    assert "metadata" not in only


async def test_the_control_surface_refuses_nonsense(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    base = f"{sim.base_url}/_sim/phone/history"
    for body in ({"shares": "no"}, {"chats": 0, "messages": 3}, {"chats": 2, "days": 400}):
        async with http.post(base, json=body) as response:
            assert response.status == 400


async def test_media_of_the_last_14_days_follow_with_their_files(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback, clock: FakeClock
) -> None:
    now = clock()
    chat = PastChat(
        "4915112345678",
        [
            PastMessage("wamid.OLDPIC", now - 30 * DAY_S, False, "image"),
            PastMessage("wamid.NEWDOC", now - 3 * DAY_S, True, "document"),
        ],
    )
    sim.phone_keeps_chats([chat])
    await graph_call(http, sim, "POST", f"{PHONE_ID}/smb_app_data", HISTORY)
    await until(lambda: bool(follow_ups(callback)))
    assert all(m["type"] == "media_placeholder" for m in shared(callback))
    [doc] = follow_ups(callback)
    assert (doc["id"], doc["from"], doc["to"], doc["type"]) == (
        "wamid.NEWDOC",
        "4930555000",
        "4915112345678",
        "document",
    )
    async with http.get(
        f"{sim.graph_url()}/{doc['document']['id']}",
        headers={"Authorization": f"Bearer {sim.config.access_token}"},
    ) as response:
        assert response.status == 200  # its file can be fetched like a customer's


def follow_ups(callback: Callback) -> list[dict[str, Any]]:
    return [m for value in callback.field_values("history") for m in value.get("messages", [])]
