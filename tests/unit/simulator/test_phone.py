"""The phone-number node (§9): fields, the WABA's list, and the change webhooks."""

from __future__ import annotations

import aiohttp
import pytest

from app.simulator import Simulator

from .conftest import PHONE_ID, Callback, error_code, graph_call, until

pytestmark = pytest.mark.asyncio

WABA_ID = "880000000000001"


async def test_all_documented_fields_are_served(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    fields = (
        "verified_name,name_status,new_name_status,code_verification_status,quality_rating,"
        "is_official_business_account,throughput,platform_type,status,account_mode,"
        "whatsapp_business_manager_messaging_limit,is_pin_enabled,health_status,"
        "search_visibility,country_code,is_on_biz_app,last_onboarded_time,display_phone_number"
    )
    status, body = await graph_call(http, sim, "GET", f"{PHONE_ID}?fields={fields},id")
    assert status == 200
    assert set(body) == set(fields.split(",")) | {"id"}
    assert body["country_code"] == "DE"
    assert body["health_status"] == {"can_send_message": "AVAILABLE"}


async def test_waba_lists_its_numbers_with_paging(
    sim: Simulator, http: aiohttp.ClientSession
) -> None:
    status, body = await graph_call(
        http, sim, "GET", f"{WABA_ID}/phone_numbers?fields=verified_name"
    )
    assert status == 200
    assert body["data"] == [{"verified_name": "Acme Support", "id": PHONE_ID}]
    assert set(body["paging"]["cursors"]) == {"before", "after"}
    status, error = await graph_call(http, sim, "GET", f"{PHONE_ID}/phone_numbers")
    assert (status, error_code(error)) == (400, 100)


async def test_changes_show_and_are_announced(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    sim.update_phone_number(verified_name="Acme Help", name_status="PENDING_REVIEW")
    sim.update_phone_number(name_status="DECLINED", rejection_reason="NAME_FORMAT_UNACCEPTABLE")
    sim.update_phone_number(quality_rating="RED")
    sim.update_phone_number(quality_rating="GREEN", messaging_limit="TIER_10K")
    sim.update_phone_number(is_official_business_account=True, status="RESTRICTED")
    sim.update_phone_number(status="BANNED")
    await until(lambda: len(list(callback.changes())) == 8)
    names = callback.field_values("phone_number_name_update")
    assert [(v["decision"], v["rejection_reason"]) for v in names][1] == (
        "REJECTED",
        "NAME_FORMAT_UNACCEPTABLE",
    )
    assert names[0] == {
        "display_phone_number": "4930555000",
        "decision": "DEFERRED",
        "requested_verified_name": "Acme Help",
        "rejection_reason": None,
    }
    quality = callback.field_values("phone_number_quality_update")
    assert [(v["event"], v["current_limit"]) for v in quality] == [
        ("FLAGGED", "TIER_UNLIMITED"),
        ("UNFLAGGED", "TIER_10K"),
        ("DOWNGRADE", "TIER_10K"),
    ]
    account = callback.field_values("account_update")
    assert [v["event"] for v in account] == [
        "VERIFIED_ACCOUNT",
        "ACCOUNT_RESTRICTION",
        "DISABLED_UPDATE",
    ]


async def test_changes_show_on_the_node(sim: Simulator, http: aiohttp.ClientSession) -> None:
    sim.update_phone_number(
        verified_name="Acme Help", name_status="DECLINED", quality_rating="GREEN"
    )
    sim.update_phone_number(is_official_business_account=True, status="BANNED")
    fields = "verified_name,name_status,quality_rating,is_official_business_account,status"
    body = (await graph_call(http, sim, "GET", f"{PHONE_ID}?fields={fields}"))[1]
    assert body == {
        "verified_name": "Acme Help",
        "name_status": "DECLINED",
        "quality_rating": "GREEN",
        "is_official_business_account": True,
        "status": "BANNED",
        "id": PHONE_ID,
    }


async def test_bad_changes_are_refused() -> None:
    sim = Simulator()
    with pytest.raises(ValueError, match="unknown"):
        sim.update_phone_number(shoe_size=44)
    with pytest.raises(ValueError, match="quality_rating"):
        sim.update_phone_number(quality_rating="PURPLE")
