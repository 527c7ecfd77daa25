"""``GET /{waba-id}/message_templates`` (§17): Meta's shape, paging, fields and filters."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator

from .conftest import AUTH, error_code, graph_call

pytestmark = pytest.mark.asyncio

WABA_ID = "880000000000001"


async def test_the_list_pages_with_cursors_and_a_next_link(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, first = await graph_call(http, sim, "GET", f"{WABA_ID}/message_templates?limit=2")
    assert status == 200
    assert [(t["name"], t["language"]) for t in first["data"]] == [
        ("hello_world", "en_US"),
        ("order_update", "en_US"),
    ]
    assert set(first["paging"]["cursors"]) == {"before", "after"}
    seen = list(first["data"])
    following = first["paging"].get("next")
    while following:
        async with http.get(following, headers=AUTH) as response:
            page = await response.json()
        seen += page["data"]
        following = page["paging"].get("next")
    assert len(seen) == len(sim.templates)
    assert page["paging"]["cursors"]["after"]  # the last page has cursors but no next


async def test_an_item_has_metas_fields_and_components(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    _, body = await graph_call(http, sim, "GET", f"{WABA_ID}/message_templates?name=order")
    order = body["data"][0]
    assert set(order) == {
        "name",
        "language",
        "status",
        "category",
        "parameter_format",
        "components",
        "id",
    }
    assert (order["status"], order["category"], order["parameter_format"]) == (
        "APPROVED",
        "UTILITY",
        "POSITIONAL",
    )
    assert order["components"][0] == {
        "type": "BODY",
        "text": "Hi {{1}}, your order {{2}} is on its way. Reply here if anything is wrong.",
    }
    _, named = await graph_call(
        http, sim, "GET", f"{WABA_ID}/message_templates?fields=name,components&category=MARKETING"
    )
    [promo] = named["data"]
    assert set(promo) == {"name", "components", "id"}
    assert [c["type"] for c in promo["components"]] == ["HEADER", "BODY", "BUTTONS"]


async def test_status_filters_and_unknown_nodes_and_fields(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    sim.set_template_status("hello_world", "en_US", "PAUSED", None)
    _, paused = await graph_call(http, sim, "GET", f"{WABA_ID}/message_templates?status=PAUSED")
    assert [t["name"] for t in paused["data"]] == ["hello_world"]
    status, error = await graph_call(http, sim, "GET", "123/message_templates")
    assert (status, error_code(error)) == (400, 100)
    status, error = await graph_call(
        http, sim, "GET", f"{WABA_ID}/message_templates?fields=nonsense"
    )
    assert (status, error_code(error)) == (400, 100)
