"""The simulator against the shared conformance corpus (``tests/conformance``).

(a) Every send case gets exactly the corpus's status, error code, message and details, and a
body of the corpus's shape. (b) For every webhook the simulator can emit, the POST it sends
has exactly the corpus's structure (same keys and JSON types; ids and timestamps differ).

Shapes cloud-api.md marks as *(BSP)*/*(pywa)* and the simulator's choices there: inbound
media ``sha256`` is base64 (as in §4's examples) while ``GET /{media-id}`` gives hex;
``user_preferences`` entries carry ``user_id`` beside ``wa_id`` and an integer
``timestamp``; ``system`` messages come from the old identity with its contact; ``failed``
statuses carry no ``pricing``; account-level entries carry ``time``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import aiohttp
import pytest

from app.simulator import Simulator
from app.simulator.business_phone import SentObject
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
    Text,
    Unsupported,
)
from app.simulator.phone_history import DAY_S, PastChat, PastMessage
from tests.conformance import all_sends, all_webhooks, load_send
from tests.conformance.shape import mismatches

from .conftest import AUTH, PHONE_ID, Callback, FakeClock, fast_config, until, upload

pytestmark = pytest.mark.asyncio

FILES = {
    "image/jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 64,
    "audio/ogg; codecs=opus": b"OggS" + b"\x00" * 64,
}
LENA = {"wa_id": "4915112345678", "user_id": "DE.20481632641282565"}
OUT = "wamid.OUT0001"
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def _fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: names[m.group(1)], value)
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


async def _prepare(
    sim: Simulator, http: aiohttp.ClientSession, given: dict[str, Any]
) -> dict[str, str]:
    if given.get("customer") == "username":
        customer = sim.add_customer("Mia", username="mia.k")
    else:
        customer = sim.add_customer("Lena K", **LENA)
    names = {"phone_number_id": PHONE_ID, "to": customer.wa_id or "", "wa_id": customer.wa_id or ""}
    names["recipient"] = customer.user_id
    names["waba_id"] = sim.config.waba_id
    if given.get("window") == "open":
        names["inbound_wamid"] = await sim.customer_sends_text(customer.user_id, "hello")
    if "media" in given:
        names["media_id"] = (await upload(http, sim, FILES[given["media"]], given["media"]))[1][
            "id"
        ]
    if given.get("blocked_business"):
        sim.customer_blocks_business(customer.user_id)
    if given.get("promotions") == "stop":
        sim.customer_stops_promotions(customer.user_id)
    if "template_status" in given:
        sim.set_template_status(*given["template_status"])
    sim.configure(**given.get("behaviour", {}))
    return names


async def _request(
    http: aiohttp.ClientSession, sim: Simulator, request: dict[str, Any]
) -> tuple[int, Any]:
    url = sim.base_url + request["path"]
    headers = request.get("headers", AUTH)
    async with http.request(
        request["method"], url, json=request["body"], headers=headers
    ) as response:
        return response.status, await response.json()


@pytest.mark.parametrize("name", sorted(all_sends()))
async def test_send_cases(sim: Simulator, http: aiohttp.ClientSession, name: str) -> None:
    case = load_send(name)
    names = await _prepare(sim, http, case["given"])
    request = _fill(case["request"], names)
    for _ in range(case["given"].get("sends_before", 0)):
        assert (await _request(http, sim, request))[0] == 200
    status, body = await _request(http, sim, request)
    expected = _fill(case["response"], names)
    assert status == expected["status"], body
    assert mismatches(expected["body"], body) == []
    if "error" in expected["body"]:
        want, got = expected["body"]["error"], body["error"]
        assert (got["code"], got["message"]) == (want["code"], want["message"])
        assert got.get("error_data") == want.get("error_data")
        assert got.get("error_user_title") == want.get("error_user_title")


Scenario = Callable[[Simulator, aiohttp.ClientSession], Awaitable[Callable[[dict[str, Any]], bool]]]


def _has(
    key: str, kind: str | None = None, status: str | None = None, field: str = "messages"
) -> Callable[[dict[str, Any]], bool]:
    def pick(body: dict[str, Any]) -> bool:
        for entry in body["entry"]:
            for change in entry["changes"]:
                items = change["value"].get(key, []) if key else [change["value"]]
                if change["field"] != field:
                    continue
                for item in items:
                    if (kind is None or item.get("type") == kind) and (
                        status is None or item.get("status") == status
                    ):
                        return True
        return False

    return pick


def _says(message: Any, kind: str, **options: Any) -> Scenario:
    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        customer = sim.add_customer("Lena K", **LENA)
        await sim.customer_sends(customer.user_id, message, **options)
        return _has("messages", kind)

    return run


def _status(
    state: str,
    *,
    to_bsuid: bool = False,
    body: dict[str, Any] | None = None,
    upload_mime: str | None = None,
    first: Referral | None | Literal["nothing"] = None,
) -> Scenario:
    """A send and its status `state`; the customer first says hello (the window is open),
    comes through an ad (`first` is the referral), or has said nothing (`"nothing"`)."""

    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        if to_bsuid:
            customer = sim.add_customer("Mia", username="mia.k")
        else:
            customer = sim.add_customer("Lena K", **LENA)
        if isinstance(first, Referral):
            await sim.customer_sends(customer.user_id, Text("I saw your ad"), referral=first)
        elif first is None:
            await sim.customer_sends_text(customer.user_id, "hello")
        payload = {
            "messaging_product": "whatsapp",
            **(body or {"type": "text", "text": {"body": "hi"}}),
        }
        if upload_mime is not None:
            payload = {
                "messaging_product": "whatsapp",
                "type": "audio",
                "audio": {
                    "id": (await upload(http, sim, FILES[upload_mime], upload_mime))[1]["id"]
                },
            }
        if to_bsuid:
            payload.update(recipient=customer.user_id, biz_opaque_callback_data="ticket-7")
        else:
            payload["to"] = customer.wa_id
        await _request(
            http, sim, {"method": "POST", "path": f"/v26.0/{PHONE_ID}/messages", "body": payload}
        )
        return _has("statuses", status=state)

    return run


async def _failed(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Lena K", **LENA)
    sim.configure(window="fail")
    body = {"messaging_product": "whatsapp", "to": customer.wa_id, "text": {"body": "late"}}
    await _request(
        http, sim, {"method": "POST", "path": f"/v26.0/{PHONE_ID}/messages", "body": body}
    )
    return _has("statuses", status="failed")


def _preference(body: dict[str, Any], value: str) -> bool:
    return any(
        p["value"] == value
        for e in body["entry"]
        for c in e["changes"]
        for p in c["value"].get("user_preferences", [])
    )


def _account(field: str, **changes: Any) -> Scenario:
    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        if field == "message_template_status_update":
            sim.set_template_status("order_update", "en_US", "PAUSED", "LOW_QUALITY")
        elif field == "user_preferences":
            customer = sim.add_customer("Lena K", **LENA)
            sim.customer_stops_promotions(customer.user_id)
            if changes.get("resume"):
                sim.customer_resumes_promotions(customer.user_id)
            value = "resume" if changes.get("resume") else "stop"
            return lambda body: _preference(body, value)
        else:
            sim.update_phone_number(**changes)
        return _has("", field=field)

    return run


async def _system(
    sim: Simulator, http: aiohttp.ClientSession, *, number: bool
) -> Callable[[dict[str, Any]], bool]:
    if number:
        customer = sim.add_customer("Lena K", **LENA)
        sim.customer_changes_number(customer.user_id)
    else:
        customer = sim.add_customer("Mia", username="mia.k")
        sim.customer_changes_user_id(customer.user_id)
    return _has("messages", "system")


async def _username(
    sim: Simulator, http: aiohttp.ClientSession
) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Mia", username="mia.k")
    await sim.customer_sends_text(customer.user_id, "Hi, it's Mia")
    return _has("messages", "text")


async def _edited(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Lena K", **LENA)
    wamid = await sim.customer_sends_text(customer.user_id, "Is my order shipped?")
    sim.customer_edits(customer.user_id, wamid, "Is my order shipped yet?")
    return _has("messages", "edit")


async def _caption_edited(
    sim: Simulator, http: aiohttp.ClientSession
) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Lena K", **LENA)
    wamid = await sim.customer_sends(customer.user_id, Media("image", caption="receipt"))
    sim.customer_edits(customer.user_id, wamid, "receipt for May")
    return _has("messages", "edit")


async def _deleted(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Lena K", **LENA)
    wamid = await sim.customer_sends_text(customer.user_id, "that one please")
    sim.customer_deletes(customer.user_id, wamid)
    return _has("messages", "revoke")


async def _other_number(
    sim: Simulator, http: aiohttp.ClientSession
) -> Callable[[dict[str, Any]], bool]:
    sim.message_for_other_number("770000000000999", "Hello, is this the bakery?")
    return lambda body: any(
        c["value"].get("metadata", {}).get("phone_number_id") == "770000000000999"
        for e in body["entry"]
        for c in e["changes"]
    )


def _echoes(message: Any, kind: str) -> Scenario:
    """The business writes from its phone (coexistence): an ``smb_message_echoes`` webhook."""

    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        customer = sim.add_customer("Lena K", **LENA)
        sim.phone_sends(customer.user_id, message)
        return _has("message_echoes", kind, field="smb_message_echoes")

    return run


def _phone_book(action: str) -> Scenario:
    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        # Changes follow once the API asked for the phone book (smb_app_data, §15.1).
        sync = {"messaging_product": "whatsapp", "sync_type": "smb_app_state_sync"}
        path = f"/v26.0/{PHONE_ID}/smb_app_data"
        status, _ = await _request(http, sim, {"method": "POST", "path": path, "body": sync})
        assert status == 200
        if action == "add":
            sim.phone_saves_contact("491510000000", "Jonas Becker")
        else:
            sim.phone_removes_contact("491520000000")
        return lambda body: any(
            item["action"] == action
            for entry in body["entry"]
            for change in entry["changes"]
            for item in change["value"].get("state_sync", [])
        )

    return run


def _history(chats: tuple[PastChat, ...], *, shares: bool = True) -> Scenario:
    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        sim.phone_keeps_chats(chats)
        sim.phone_shares_history(shares)
        sync = {"messaging_product": "whatsapp", "sync_type": "history"}
        path = f"/v26.0/{PHONE_ID}/smb_app_data"
        status, _ = await _request(http, sim, {"method": "POST", "path": path, "body": sync})
        assert status == 200
        return _has("history", field="history")

    return run


async def _history_media(
    sim: Simulator, http: aiohttp.ClientSession
) -> Callable[[dict[str, Any]], bool]:
    """A photo the phone sent three days ago: a placeholder first, then its file (§15.3)."""
    photo = PastMessage("wamid.H9", _days_ago(3), True, "image", status="DELIVERED")
    await _history((PastChat(LENA["wa_id"], [photo]),))(sim, http)
    return _has("messages", "image", field="history")


def _days_ago(days: float) -> float:
    """Before the simulator's clock in these tests (the `clock` fixture's start)."""
    return FakeClock().now - days * DAY_S


LENA_PAST = PastChat(
    LENA["wa_id"],
    [
        PastMessage("wamid.H1", _days_ago(30), False, "text", {"body": "Do you ship to Potsdam?"}),
        PastMessage("wamid.H2", _days_ago(29.9), True, "image", status="DELIVERED"),
    ],
)
LAST_DAY = (
    PastChat(
        LENA["wa_id"],
        [
            PastMessage("wamid.H3", _days_ago(0.5), False, "text", {"body": "Blue one left?"}),
            PastMessage("wamid.H4", _days_ago(0.4), True, "text", {"body": "It is."}),
        ],
    ),
    PastChat(
        "4915187654321",
        [PastMessage("wamid.H5", _days_ago(0.2), False, "text", {"body": "Open Saturday?"})],
    ),
)


CARD = {
    "name": {"formatted_name": "Jonas B", "first_name": "Jonas"},
    "phones": [{"phone": "+49 151 0000000", "wa_id": "491510000000", "type": "CELL"}],
}
AD = Referral("https://fb.me/ad1", "120000000000001", welcome_message="Hi! How can we help?")
PROMO = {
    "type": "template",
    "template": {
        "name": "seasonal_promotion",
        "language": {"code": "en_US"},
        "components": [
            {
                "type": "header",
                "parameters": [{"type": "image", "image": {"link": "https://e.com/p.jpg"}}],
            },
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "parameter_name": "season", "text": "S"},
                    {"type": "text", "parameter_name": "discount", "text": "5%"},
                ],
            },
        ],
    },
}
ASK = {
    "type": "button",
    "body": {"text": "Shall we deliver tomorrow?"},
    "action": {
        "buttons": [
            {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
            {"type": "reply", "reply": {"id": "no", "title": "No"}},
        ]
    },
}
ORDER_UPDATE_ECHOED = {
    "name": "order_update",
    "language": {"code": "en_US"},
    "components": [
        {
            "type": "body",
            "parameters": [{"type": "text", "text": "4711"}, {"type": "text", "text": "Friday"}],
        }
    ],
}

ORDER_UPDATE = {
    "type": "template",
    "template": {
        "name": "order_update",
        "language": {"code": "en_US"},
        "components": [
            {"type": "body", "parameters": [
                {"type": "text", "text": "Ada"}, {"type": "text", "text": "#42"}]},
        ],
    },
}  # fmt: skip
VERIFICATION = {
    "type": "template",
    "template": {
        "name": "verification_code",
        "language": {"code": "en_US"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "482913"}]},
            {"type": "button", "sub_type": "url", "index": "0",
             "parameters": [{"type": "text", "text": "482913"}]},
        ],
    },
}  # fmt: skip

SCENARIOS: dict[str, Scenario] = {
    "echo_text": _echoes(Text("Parcel left today, tracking link follows."), "text"),
    "echo_image": _echoes(Media("image", caption="your parcel"), "image"),
    "echo_document": _echoes(
        Media("document", caption="see attached", filename="invoice-42.pdf"), "document"
    ),
    "echo_audio": _echoes(Media("audio"), "audio"),
    "echo_video": _echoes(Media("video", caption="unboxing"), "video"),
    "echo_sticker": _echoes(Media("sticker"), "sticker"),
    "echo_location": _echoes(Location(52.52, 13.405, "Shop Mitte", "Alexanderplatz 1"), "location"),
    "echo_contacts": _echoes(Contacts((CARD,)), "contacts"),
    "echo_interactive": _echoes(SentObject("interactive", ASK), "interactive"),
    "echo_template": _echoes(SentObject("template", ORDER_UPDATE_ECHOED), "template"),
    "contact_add": _phone_book("add"),
    "contact_remove": _phone_book("remove"),
    "history_chunk": _history((LENA_PAST,)),
    "history_phase0_complete": _history(LAST_DAY),
    "history_declined": _history((), shares=False),
    "history_media": _history_media,
    "text": _says(Text("Is my order shipped?"), "text"),
    "text_username": _username,
    "text_reply": _says(
        Text("that one"),
        "text",
        reply_to=OUT,
    ),
    "image": _says(Media("image", caption="receipt"), "image"),
    "video": _says(Media("video", caption="unboxing"), "video"),
    "audio": _says(Media("audio"), "audio"),
    "voice": _says(Media("audio", voice=True), "audio"),
    "document": _says(
        Media("document", caption="see attached", filename="invoice-42.pdf"), "document"
    ),
    "sticker": _says(Media("sticker"), "sticker"),
    "location": _says(Location(52.52, 13.405, "Shop Mitte", "Alexanderplatz 1"), "location"),
    "location_pin": _says(Location(52.52, 13.405), "location"),
    "contacts": _says(Contacts((CARD,)), "contacts"),
    "interactive_button_reply": _says(
        ButtonReply("confirm_yes", "Yes"), "interactive", reply_to=OUT
    ),
    "interactive_list_reply": _says(
        ListReply("slot_2", "Tue 10:00", "Berlin"), "interactive", reply_to=OUT
    ),
    "button": _says(TemplateButton("STOP_PROMO", "Stop promotions"), "button", reply_to=OUT),
    "reaction": _says(Reaction(OUT, "👍"), "reaction"),
    "reaction_removed": _says(Reaction(OUT), "reaction"),
    "forwarded": _says(
        Text("look"),
        "text",
        forwarded="forwarded",
    ),
    "frequently_forwarded": _says(
        Text("chain"),
        "text",
        forwarded="frequently_forwarded",
    ),
    "order": _says(Order("cat-1", (OrderItem("sku-1", 2, 9.99, "EUR"),), "gift wrap"), "order"),
    "product_inquiry": _says(
        Text("blue?"),
        "text",
        reply_to=OUT,
        referred_product=("cat-1", "sku-1"),
    ),
    "referral": _says(
        Text("I saw your ad"),
        "text",
        referral=AD,
    ),
    "unsupported": _says(Unsupported(), "unsupported"),
    "system_user_changed_number": lambda s, h: _system(s, h, number=True),
    "system_user_changed_user_id": lambda s, h: _system(s, h, number=False),
    "status_sent": _status("sent"),
    "status_delivered": _status("delivered"),
    "status_read": _status("read"),
    "status_played": _status("played", upload_mime="audio/ogg; codecs=opus"),
    "status_failed": _failed,
    "status_to_bsuid": _status("delivered", to_bsuid=True),
    "status_template_marketing": _status("delivered", body=PROMO),
    "status_template_utility": _status("sent", body=ORDER_UPDATE, first="nothing"),
    "status_utility_in_window": _status("sent", body=ORDER_UPDATE),
    "status_template_authentication": _status("sent", body=VERIFICATION, first="nothing"),
    "status_free_entry_point": _status("sent", first=AD),
    "user_preferences_stop": _account("user_preferences"),
    "user_preferences_resume": _account("user_preferences", resume=True),
    "phone_number_name_update": _account("phone_number_name_update", verified_name="Acme Help"),
    "phone_number_quality_update": _account("phone_number_quality_update", quality_rating="RED"),
    "account_update": _account("account_update", is_official_business_account=True),
    "message_template_status_update": _account("message_template_status_update"),
    "edit": _edited,
    "edit_caption": _caption_edited,
    "revoke": _deleted,
    "other_phone_number_id": _other_number,
}


def _template(change: Callable[[Simulator], object], field: str) -> Scenario:
    async def run(sim: Simulator, http: aiohttp.ClientSession) -> Callable[[dict[str, Any]], bool]:
        change(sim)
        return _has("", field=field)

    return run


async def _unreadable_interactive(
    sim: Simulator, http: aiohttp.ClientSession
) -> Callable[[dict[str, Any]], bool]:
    customer = sim.add_customer("Lena K", **LENA)
    sim.customer_resends_interactive(customer.user_id, OUT)
    return _has("messages", "interactive")


SCENARIOS |= {
    "message_template_status_update_rejected": _template(
        lambda sim: sim.set_template_status(
            "order_update",
            "en_US",
            "REJECTED",
            "INCORRECT_CATEGORY",
            rejection=("Discount wording in a utility template.", "Resubmit as MARKETING."),
        ),
        "message_template_status_update",
    ),
    "message_template_quality_update": _template(
        lambda sim: sim.set_template_quality("order_update", "en_US", "YELLOW"),
        "message_template_quality_update",
    ),
    "template_category_update": _template(
        lambda sim: sim.change_template_category("order_update", "en_US", "marketing"),
        "template_category_update",
    ),
    "account_update_restriction": _account("account_update", status="RESTRICTED"),
    "interactive_value_error": _unreadable_interactive,
}
BATCHED = {"batched", "batched_statuses"}
GATEWAY_ONLY = {
    "status_without_pricing": "older shape; the simulator prices every status but failures",
    "status_pricing_without_billable": "v24+ may leave the deprecated billable out; ours has it",
    "status_pricing_conversation_based": "before 2025-07 (CBP); the simulator prices per message",
    "status_without_contacts": "pre-2026 shape; the simulator always puts contacts beside statuses",
    "value_errors": "system-level errors the simulator does not raise",
}


async def test_every_corpus_webhook_is_checked_or_explained() -> None:
    assert set(all_webhooks()) == set(SCENARIOS) | BATCHED | set(GATEWAY_ONLY)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_emitted_webhooks_match_the_corpus(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback, name: str
) -> None:
    pick = await SCENARIOS[name](sim, http)
    await until(lambda: any(pick(d.body) for d in callback.deliveries))
    body = next(d.body for d in callback.deliveries if pick(d.body))
    assert mismatches(all_webhooks()[name], body) == []


@pytest.mark.parametrize(
    "config",
    [fast_config(batch_webhooks=True, batch_window=0.05, delivered_delay=0.5, read_delay=None)],
)
async def test_batched_envelopes_match_the_corpus(
    sim: Simulator, http: aiohttp.ClientSession, callback: Callback
) -> None:
    customer = sim.add_customer("Lena K", **LENA)
    for n in range(5):
        await sim.customer_sends_text(customer.user_id, f"message {n}")
    await until(lambda: len(callback.messages()) == 5)
    assert mismatches(all_webhooks()["batched"], callback.deliveries[0].body) == []
    for _ in range(2):
        body = {"messaging_product": "whatsapp", "to": customer.wa_id, "text": {"body": "hi"}}
        await _request(
            http, sim, {"method": "POST", "path": f"/v26.0/{PHONE_ID}/messages", "body": body}
        )
    await until(lambda: len(callback.statuses()) == 2)
    assert mismatches(all_webhooks()["batched_statuses"], callback.deliveries[-1].body) == []


async def test_shape_helper_reports_differences() -> None:
    expected = {"type": "text", "n": 1, "items": [{"a": "x"}], "flag": True}
    assert (
        mismatches(expected, {"type": "text", "n": 2.5, "items": [{"a": "y"}], "flag": False}) == []
    )
    problems = mismatches(expected, {"type": "image", "n": "1", "items": [], "extra": 1})
    assert problems == [
        "$.items: expected 1 elements, got 0",
        "$.n: expected number, got string",
        "$.type: expected 'text', got 'image'",
        "$: missing key 'flag'",
        "$: unexpected key 'extra'",
    ]
