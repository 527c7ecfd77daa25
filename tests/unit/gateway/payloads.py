"""Webhook payloads written from cloud-api.md §3–§5, never borrowed from `app.simulator`.

The canaries stand for what must never reach a log line: message bodies, profile names and
phone numbers (cloud-api.md §13).
"""

from __future__ import annotations

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
