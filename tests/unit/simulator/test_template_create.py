"""``POST /{waba-id}/message_templates`` (§17): Meta's checks, PENDING, then the review."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from app.simulator import Simulator

from .conftest import Callback, error_code, graph_call, until

pytestmark = pytest.mark.asyncio

WABA_ID = "880000000000001"
PATH = f"{WABA_ID}/message_templates"


def request(name: str = "parcel_ready", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "language": "en_US",
        "category": "UTILITY",
        "components": [
            {
                "type": "BODY",
                "text": "Hi {{1}}, parcel {{2}} is ready.",
                "example": {"body_text": [["Lena", "A-1042"]]},
            },
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]},
        ],
    }
    body.update(changes)
    return body


def statuses(callback: Callback) -> list[dict[str, Any]]:
    return [
        c["value"] for c in callback.changes() if c["field"] == "message_template_status_update"
    ]


async def test_a_new_template_starts_pending_then_is_approved_with_a_webhook(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    status, answer = await graph_call(http, sim, "POST", PATH, request())
    assert status == 200
    assert (answer["status"], answer["category"]) == ("PENDING", "UTILITY")
    created = next(t for t in sim.templates if t.name == "parcel_ready")
    assert (created.status, created.body_params, created.button_texts) == (
        "PENDING",
        2,
        ("Thanks",),
    )
    await until(lambda: bool(statuses(callback)), within=5)
    value = statuses(callback)[0]
    assert (value["event"], value["message_template_id"]) == ("APPROVED", int(answer["id"]))
    _, listed = await graph_call(http, sim, "GET", f"{PATH}?name=parcel_ready")
    assert listed["data"][0]["status"] == "APPROVED"


async def test_promotional_utility_wording_is_rejected_with_metas_reason(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    body = request("spring_offer")
    body["components"][0] = {"type": "BODY", "text": "Spring sale: 20% off!"}
    status, _ = await graph_call(http, sim, "POST", PATH, body)
    assert status == 200
    await until(lambda: bool(statuses(callback)), within=5)
    value = statuses(callback)[0]
    assert (value["event"], value["reason"]) == ("REJECTED", "INCORRECT_CATEGORY")
    assert value["rejection_info"]["recommendation"] == "Resubmit as MARKETING."


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (request("Parcel Ready"), "Invalid template name"),
        (
            request(components=[{"type": "BODY", "text": "Hi {{1}}"}]),
            "Missing sample values",
        ),
        (
            request(
                components=[
                    {"type": "BODY", "text": "Hi"},
                    {
                        "type": "BUTTONS",
                        "buttons": [{"type": "QUICK_REPLY", "text": f"b{n}"} for n in range(4)],
                    },
                ]
            ),
            "Too many buttons",
        ),
    ],
    ids=["bad-name", "missing-example", "four-buttons"],
)
async def test_a_template_breaking_a_rule_is_refused_in_metas_words(
    sim: Simulator, http: aiohttp.ClientSession, body: dict[str, Any], title: str
) -> None:
    before = len(sim.templates)
    status, answer = await graph_call(http, sim, "POST", PATH, body)
    assert (status, error_code(answer)) == (400, 100)
    assert answer["error"]["error_subcode"] == 2388040
    assert answer["error"]["error_user_title"] == title
    assert len(sim.templates) == before


async def test_the_same_name_and_language_twice_is_refused(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, answer = await graph_call(http, sim, "POST", PATH, request("order_update"))
    assert (status, error_code(answer)) == (400, 100)
    assert answer["error"]["error_subcode"] == 2388024
    status, _ = await graph_call(http, sim, "POST", PATH, request("order_update", language="fr"))
    assert status == 200  # another language of the same name is a new template


async def test_only_the_business_account_takes_templates(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, answer = await graph_call(http, sim, "POST", "123/message_templates", request())
    assert (status, error_code(answer)) == (400, 100)
