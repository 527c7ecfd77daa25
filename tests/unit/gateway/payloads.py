"""Webhook payloads written from cloud-api.md §3–§5, never borrowed from `app.simulator`.

The canaries stand for what must never reach a log line: message bodies, profile names and
phone numbers (cloud-api.md §13).
"""

from __future__ import annotations

import copy
from typing import Any

WABA_ID = "880000000000001"
PHONE_NUMBER_ID = "770000000000001"
BSUID = "DE.20481632641282565"
BSUID_2 = "DE.99887766554433221"
PHONE = "4915112345678"
PHONE_2 = "4915187654321"

CANARY_BODY = "CANARY-BODY-7f3a"
CANARY_NAME = "CANARY-NAME-Q9zx"
CANARY_PHONE = "4917700012399"
CANARIES = (CANARY_BODY, CANARY_NAME, CANARY_PHONE)


def envelope(*changes: dict[str, Any], entries: int = 1) -> dict[str, Any]:
    """One POST: the given changes, repeated in each of `entries` entries."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": list(changes)} for _ in range(entries)],
    }


def batch(*entries: list[Any]) -> dict[str, Any]:
    """One POST with several entries, each a list of changes."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": changes} for changes in entries],
    }


def change(
    *,
    messages: list[Any] | None = None,
    statuses: list[Any] | None = None,
    contacts: list[Any] | None = None,
    errors: list[Any] | None = None,
) -> dict[str, Any]:
    """A `field: "messages"` change; only the given arrays are present."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": PHONE_NUMBER_ID},
    }
    for key, items in (
        ("contacts", contacts),
        ("messages", messages),
        ("statuses", statuses),
        ("errors", errors),
    ):
        if items is not None:
            value[key] = items
    return {"field": "messages", "value": value}


def contact(
    *, name: str = "Lena K", wa_id: str | None = PHONE, user_id: str | None = BSUID
) -> dict[str, Any]:
    """A `contacts[]` object; `wa_id` or `user_id` None leaves the key out."""
    item: dict[str, Any] = {"profile": {"name": name}}
    if wa_id is not None:
        item["wa_id"] = wa_id
    if user_id is not None:
        item["user_id"] = user_id
    return item


def text_message(
    wamid: str,
    body: str = "Is my order shipped?",
    *,
    sender: str | None = PHONE,
    user_id: str | None = BSUID,
    timestamp: str = "1767225600",
) -> dict[str, Any]:
    """A `messages[]` text item; `sender` (`from`) or `user_id` None leaves the key out."""
    item: dict[str, Any] = {"id": wamid, "timestamp": timestamp, "type": "text"}
    item["text"] = {"body": body}
    if sender is not None:
        item["from"] = sender
    if user_id is not None:
        item["from_user_id"] = user_id
    return item


def status(
    wamid: str,
    state: str,
    *,
    timestamp: str = "1767225900",
    errors: list[Any] | None = None,
) -> dict[str, Any]:
    """A `statuses[]` item."""
    item: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": timestamp,
        "recipient_id": PHONE,
        "biz_opaque_callback_data": "cb-1",
        "pricing": {
            "billable": False,
            "pricing_model": "PMP",
            "type": "free_customer_service",
            "category": "service",
        },
    }
    if errors is not None:
        item["errors"] = errors
    return item


REENGAGEMENT_ERROR = {
    "code": 131047,
    "title": "Re-engagement message",
    "message": "Re-engagement message",
    "error_data": {
        "details": "Message failed to send because more than 24 hours have passed since the "
        "customer last replied to this number."
    },
    "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
}

IMAGE_MESSAGE = {
    "from": PHONE,
    "id": "wamid.SIM0002",
    "timestamp": "1767225660",
    "type": "image",
    "image": {
        "id": "1555000000000001",
        "mime_type": "image/jpeg",
        "sha256": "q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvW=",
        "caption": CANARY_BODY,
    },
}

UNSUPPORTED_MESSAGE = {
    "from": PHONE,
    "id": "wamid.SIM0012",
    "timestamp": "1767225880",
    "type": "unsupported",
    "errors": [
        {
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ],
}


def assert_no_canary(problems: list[str]) -> None:
    """No problem string quotes a body, a name or a phone number."""
    for problem in problems:
        for canary in CANARIES:
            assert canary not in problem, problem


# -- every §4 message type -------------------------------------------------------------------

LOOKASIDE = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1555000000000001"
SHA = "q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvW="


def message(
    wamid: str,
    kind: str,
    body: object = None,
    *,
    sender: str | None = PHONE,
    user_id: str | None = BSUID,
    timestamp: str = "1767225600",
    **extra: Any,
) -> dict[str, Any]:
    """A `messages[]` item of any type: `body` goes under the key named by `kind`.

    `sender` (`from`) or `user_id` (`from_user_id`) None leaves the key out; `extra` adds keys
    such as `context`, `referral` or `errors`.
    """
    item: dict[str, Any] = {"id": wamid, "timestamp": timestamp, "type": kind}
    if body is not None:
        item[kind] = body
    if sender is not None:
        item["from"] = sender
    if user_id is not None:
        item["from_user_id"] = user_id
    item.update(extra)
    return item


_BODIES: dict[str, Any] = {
    "text": {"body": "Is my order shipped?"},
    "image": {"id": "1555000000000001", "mime_type": "image/jpeg", "sha256": SHA,
              "caption": "receipt", "url": LOOKASIDE},
    "video": {"id": "1555000000000004", "mime_type": "video/mp4", "sha256": SHA,
              "caption": "unboxing"},
    "audio": {"id": "1555000000000003", "mime_type": "audio/ogg; codecs=opus",
              "sha256": SHA, "voice": True},
    "audio_file": {"id": "1555000000000005", "mime_type": "audio/mpeg", "sha256": SHA,
                   "voice": False},
    "document": {"id": "1555000000000002", "mime_type": "application/pdf", "sha256": SHA,
                 "filename": "invoice-42.pdf", "caption": "see attached"},
    "sticker": {"id": "1555000000000006", "mime_type": "image/webp", "sha256": SHA,
                "animated": True},
    "location": {"latitude": "52.5200", "longitude": "13.4050", "name": "Shop Mitte",
                 "address": "Alexanderplatz 1, Berlin", "url": "https://example.com/mitte"},
    "location_pin": {"latitude": -33.8688, "longitude": 151.2093},
    "contacts": [
        {"name": {"formatted_name": "Jonas B", "first_name": "Jonas"},
         "phones": [{"phone": "+49 151 0000000", "wa_id": "491510000000", "type": "CELL"}],
         "emails": [{"email": "jonas@example.com", "type": "WORK"}],
         "org": {"company": "Acme", "department": "Ops"},
         "addresses": [{"city": "Berlin", "type": "WORK"}],
         "urls": [{"url": "https://example.com", "type": "WORK"}],
         "birthday": "1990-01-31"},
        {"name": {"first_name": "Ada", "last_name": "L"},
         "phones": [{"phone": "+44 20 0000", "type": "HOME"}]},
    ],
    "button_reply": {"type": "button_reply",
                     "button_reply": {"id": "confirm_yes", "title": "Yes"}},
    "list_reply": {"type": "list_reply",
                   "list_reply": {"id": "slot_2", "title": "Tue 10:00",
                                  "description": "Berlin"}},
    "nfm_reply": {"type": "nfm_reply",
                  "nfm_reply": {"name": "flow", "body": "Sent",
                                "response_json": '{"flow_token":"T1","size":"M"}'}},
    "button": {"payload": "STOP_PROMO", "text": "Stop promotions"},
    "reaction": {"message_id": "wamid.OUT0001", "emoji": "👍"},
    "reaction_removed": {"message_id": "wamid.OUT0001", "emoji": ""},
    "order": {"catalog_id": "CAT-1", "text": "for pickup",
              "product_items": [
                  {"product_retailer_id": "SKU-1", "quantity": 2, "item_price": 12.99,
                   "currency": "EUR"},
                  {"product_retailer_id": "SKU-2", "quantity": "1", "item_price": "5.00",
                   "currency": "EUR"}]},
}  # fmt: skip
"""A 2026-shape body per row of §4's table (keyed by a row name, not always the type)."""


def bodies() -> dict[str, Any]:
    """A fresh copy of `_BODIES`, so that a test may change it."""
    return copy.deepcopy(_BODIES)


ROW_TYPES = {
    "audio_file": "audio",
    "location_pin": "location",
    "button_reply": "interactive",
    "list_reply": "interactive",
    "nfm_reply": "interactive",
    "reaction_removed": "reaction",
}
"""Row names of `bodies()` that are not themselves the message `type`."""


def row_message(row: str, wamid: str = "wamid.ROW", **kwargs: Any) -> dict[str, Any]:
    """The `messages[]` item for one row of `bodies()`."""
    return message(wamid, ROW_TYPES.get(row, row), bodies()[row], **kwargs)


def unsupported(wamid: str = "wamid.SIM0012", kind: str = "unsupported") -> dict[str, Any]:
    """An `unsupported` (or older `unknown`) item: no body, the reason in `errors[]`."""
    return message(
        wamid,
        kind,
        errors=[
            {
                "code": 131051,
                "title": "Message type unknown",
                "message": "Message type unknown",
                "error_data": {"details": "Message type is currently not supported."},
            }
        ],
    )


def system(wamid: str, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A `system` item; by default without `from_user_id` (pywa's fixtures have none)."""
    kwargs.setdefault("user_id", None)
    return message(wamid, "system", body, **kwargs)


def number_change_2026() -> dict[str, Any]:
    return {
        "body": f"User Lena K changed from {PHONE} to {CANARY_PHONE}",
        "type": "user_changed_number",
        "wa_id": CANARY_PHONE,
        "user_id": BSUID_2,
        "previous_user_id": BSUID,
    }


def user_id_change() -> dict[str, Any]:
    return {
        "body": f"User changed from {BSUID} to {BSUID_2}",
        "type": "user_changed_user_id",
        "user_id": BSUID_2,
        "previous_user_id": BSUID,
    }


# -- other fields ----------------------------------------------------------------------------


def preference(
    value: str = "stop",
    *,
    wa_id: str | None = PHONE,
    user_id: str | None = None,
    category: str = "marketing_messages",
    timestamp: object = 1767225600,
) -> dict[str, Any]:
    """A `user_preferences[]` item (pywa's shape: an integer timestamp)."""
    item: dict[str, Any] = {
        "detail": f"User requested to {value} marketing messages",
        "category": category,
        "value": value,
        "timestamp": timestamp,
    }
    if wa_id is not None:
        item["wa_id"] = wa_id
    if user_id is not None:
        item["user_id"] = user_id
    return item


def preferences_change(*items: object, contacts: list[Any] | None = None) -> dict[str, Any]:
    """A `field: "user_preferences"` change."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": PHONE_NUMBER_ID},
        "user_preferences": list(items),
    }
    if contacts is not None:
        value["contacts"] = contacts
    return {"field": "user_preferences", "value": value}


def other_change(field: str, value: dict[str, Any] | None = None) -> dict[str, Any]:
    """A change of another `field`, e.g. `phone_number_quality_update`."""
    return {"field": field, "value": value if value is not None else {"event": "FLAGGED"}}
