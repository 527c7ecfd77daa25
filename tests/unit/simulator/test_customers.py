"""Scripted customers: counts, pacing, canary tokens, username users, seeding."""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import aiohttp
import pytest

from app.simulator import CustomerScript, Simulator
from app.simulator.customers import answer_newest_list, canary_sentence

from .conftest import Callback, fast_config, send, talking_customer, until

TOKEN = re.compile(r"\b[0-9a-f]{16}\b")


@pytest.mark.asyncio
async def test_script_sends_every_message_with_a_distinct_token(
    sim: Simulator, callback: Callback
) -> None:
    result = await sim.run_script(CustomerScript(4, 3, rate_per_second=500.0, seed=7))
    assert result.messages_sent == 12
    assert len(result.customers) == 4
    assert sim.stats.inbound_messages == 12
    await until(lambda: len(callback.messages()) == 12)
    found = [TOKEN.findall(m["text"]["body"]) for m in callback.messages()]
    assert all(len(tokens) == 1 for tokens in found)
    tokens = [t[0] for t in found]
    assert len(set(tokens)) == 12
    assert set(tokens) == set(sim.canary_tokens) == set(result.tokens)
    senders = {m["from_user_id"] for m in callback.messages()}
    assert senders == {c.user_id for c in result.customers}


@pytest.mark.asyncio
async def test_script_keeps_to_the_aggregate_rate(sim: Simulator) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    await sim.run_script(CustomerScript(2, 3, rate_per_second=50.0))
    # Six messages at 50/s: the last is due 5/50 s after the first.
    assert loop.time() - start >= 0.1


@pytest.mark.asyncio
async def test_username_ratio_hides_numbers(sim: Simulator, callback: Callback) -> None:
    result = await sim.run_script(CustomerScript(3, 1, 500.0, username_ratio=1.0))
    assert all(c.wa_id is None and c.username for c in result.customers)
    await until(lambda: len(callback.messages()) == 3)
    assert all("from" not in m for m in callback.messages())


@pytest.mark.asyncio
async def test_seed_fixes_the_cast_but_not_the_tokens() -> None:
    script = CustomerScript(3, 1, 1000.0, seed=42, username_ratio=0.5)
    results = []
    for _ in range(2):
        simulator = Simulator(fast_config())
        await simulator.start()
        try:
            results.append(await simulator.run_script(script))
        finally:
            await simulator.stop()
    assert results[0].customers == results[1].customers
    assert not set(results[0].tokens) & set(results[1].tokens)


@pytest.mark.asyncio
async def test_same_seed_twice_in_one_simulator_still_gets_unique_customers(
    sim: Simulator,
) -> None:
    script = CustomerScript(2, 1, 1000.0, seed=1)
    first = await sim.run_script(script)
    second = await sim.run_script(script)
    ids = [c.user_id for c in first.customers + second.customers]
    assert len(set(ids)) == 4


@pytest.mark.asyncio
async def test_stop_cancels_a_running_script() -> None:
    simulator = Simulator(fast_config())
    await simulator.start()
    task = simulator.start_script(CustomerScript(1, 1000, rate_per_second=100.0))
    await until(lambda: simulator.stats.inbound_messages >= 2)
    await simulator.stop()
    assert task.cancelled()


def test_canary_sentence_embeds_a_fresh_token() -> None:
    text, token = canary_sentence()
    assert re.fullmatch(r"[0-9a-f]{16}", token)
    assert token in text
    assert text != token
    assert canary_sentence()[1] != token


@pytest.mark.parametrize(
    "kwargs",
    [
        {"customers": -1},
        {"messages_per_customer": -1},
        {"rate_per_second": 0.0},
        {"username_ratio": 1.5},
        {"country": "XX"},
        {"type_mix": (("hologram", 1.0),)},
        {"type_mix": (("text", 0.0),)},
    ],
)
def test_invalid_scripts_are_rejected(kwargs: dict[str, object]) -> None:
    settings: dict[str, object] = {
        "customers": 1,
        "messages_per_customer": 1,
        "rate_per_second": 1.0,
    }
    settings.update(kwargs)
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        CustomerScript(**settings)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_type_mix_scripts_carry_tokens_in_free_text(
    sim: Simulator, callback: Callback
) -> None:
    kinds = ("text", "image", "video", "voice", "document", "sticker", "location", "contacts")
    script = CustomerScript(2, 12, 1000.0, seed=5, type_mix=tuple((k, 1.0) for k in kinds))
    result = await sim.run_script(script)
    await until(lambda: len(callback.messages()) == 24)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for message in callback.messages():
        by_type.setdefault(str(message["type"]), []).append(message)
    assert len(by_type) >= 5
    # Webhook POSTs go out from several senders, so (as at Meta) they may arrive out of
    # order: put the messages back into sending order by their wamid before comparing.
    position = {wamid: n for n, wamid in enumerate(result.wamids)}
    in_sending_order = sorted(callback.messages(), key=lambda m: position[m["id"]])
    assert [m["id"] for m in in_sending_order] == list(result.wamids)
    found = [TOKEN.findall(" ".join(_free_text(m))) for m in in_sending_order]
    for message, tokens in zip(in_sending_order, found, strict=True):
        if message["type"] in ("audio", "sticker"):
            assert tokens == []
        else:
            assert len(set(tokens)) == 1
    assert [t for ts in found for t in dict.fromkeys(ts)] == list(result.tokens)
    assert set(result.tokens) == set(sim.canary_tokens)


def _free_text(message: dict[str, Any]) -> list[str]:
    """The human-written fields of a message (ids, which may look like tokens, left out)."""
    body = message.get(message["type"])
    if isinstance(body, list):  # contacts
        return [card["name"]["formatted_name"] for card in body]
    assert isinstance(body, dict)
    keys = ("body", "caption", "filename", "name", "address")
    return [str(body[k]) for k in keys if k in body]


@pytest.mark.asyncio
async def test_a_scripted_customer_answers_a_list_once_by_picking_a_row(
    sim: Simulator, callback: Callback, http: aiohttp.ClientSession
) -> None:
    customer = await talking_customer(sim)
    rows = [{"id": f"sb-route:{n}", "title": f"Topic {n}"} for n in range(3)]
    menu = {
        "type": "list",
        "body": {"text": "Pick"},
        "action": {"button": "Go", "sections": [{"rows": rows}]},
    }
    status, _ = await send(http, sim, customer.wa_id, "interactive", menu)
    assert status == 200
    answered: set[str] = set()
    picked = await answer_newest_list(sim, customer, answered, random.Random(3))
    assert picked is not None
    assert await answer_newest_list(sim, customer, answered, random.Random(3)) is None  # once
    await until(lambda: any(m["id"] == picked for m in callback.messages()))
    [reply] = [m for m in callback.messages() if m["id"] == picked]
    chosen = reply["interactive"]["list_reply"]
    assert {"id": chosen["id"], "title": chosen["title"]} in rows
    assert reply["context"]["id"] == sim.received(customer.user_id)[-1].wamid
