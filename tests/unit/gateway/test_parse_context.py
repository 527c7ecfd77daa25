"""Every type's `context` and `referral`, bodies that are not objects, caps and canaries."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.content import Media, MessageContext, Referral
from app.domain.ids import Wamid
from app.log.events import CustomerMessage

from .payloads import (
    CANARY_BODY,
    CANARY_NAME,
    CANARY_PHONE,
    change,
    contact,
    envelope,
    message,
    row_message,
)
from .test_parse import parse
from .test_parse_content import ROWS, one, only_message

# -- context and referral --------------------------------------------------------------------


def test_quoted_reply_and_button_tap_name_the_message_replied_to() -> None:
    context = {"from": "4930555000", "id": "wamid.OUT0002"}
    for row in ("text", "button", "button_reply", "list_reply"):
        found = only_message(one(row_message(row, context=context)))
        assert found.context == MessageContext(quoted=Wamid("wamid.OUT0002")), row


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"forwarded": True}, MessageContext(forwarded=True)),
        ({"frequently_forwarded": True}, MessageContext(frequently_forwarded=True)),
        (
            {"from": "4930555000", "id": "wamid.OUT9",
             "referred_product": {"catalog_id": "CAT-1", "product_retailer_id": "SKU-1"}},
            MessageContext(quoted=Wamid("wamid.OUT9"), referred_product="CAT-1/SKU-1"),
        ),
        ({}, MessageContext()),
    ],
)  # fmt: skip
def test_context_forms(context: dict[str, Any], expected: MessageContext) -> None:
    assert only_message(one(row_message("image", context=context))).context == expected


def test_click_to_whatsapp_referral() -> None:
    referral = {
        "source_url": "https://fb.me/ad1",
        "source_id": "120000000000001",
        "source_type": "ad",
        "headline": "Spring sale",
        "body": "20% off",
        "media_type": "image",
        "image_url": "https://example.com/i.jpg",
        "thumbnail_url": "https://example.com/t.jpg",
        "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ",
        "welcome_message": {"text": "Hi!"},
    }
    found = only_message(one(row_message("text", referral=referral)))
    assert found.context == MessageContext(
        referral=Referral(
            "ad", "120000000000001", "https://fb.me/ad1", "Spring sale", "20% off",
            "ARAkLkA8rmlFeiCktEJQ",
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"context": "wamid.OUT1"}, "invalid context"),
        ({"context": {"id": 5}}, "invalid id"),
        ({"context": {"forwarded": "yes"}}, "invalid forwarded"),
        ({"context": {"referred_product": {"catalog_id": "C"}}}, "missing product_retailer_id"),
        ({"context": {"referred_product": "C/S"}}, "invalid referred_product"),
        ({"referral": ["ad"]}, "invalid referral"),
        ({"referral": {"source_url": "https://x/" + "a" * 5000}}, "source_url too long"),
    ],
)
def test_malformed_context_or_referral_skips_the_message(
    extra: dict[str, Any], reason: str
) -> None:
    parsed = one(row_message("text", **extra))
    assert parsed.problems == [f"entry[0].changes[0].messages[0] skipped: {reason}"]


# -- bodies that are not objects, and caps ---------------------------------------------------


@pytest.mark.parametrize("row", ROWS)
def test_a_missing_or_non_object_body_skips_only_that_message(row: str) -> None:
    kind = row_message(row)["type"]
    items = [message("wamid.A", kind, None), message("wamid.B", kind, ["x"]), row_message(row)]
    parsed = parse(envelope(change(messages=items)))
    # An interactive message without its content is Meta's re-sent tap (cloud-api.md §19):
    # kept, as a reply nobody can read.
    kept = ["wamid.A", "wamid.ROW"] if kind == "interactive" else ["wamid.ROW"]
    assert [e.wamid for e in parsed.events if isinstance(e, CustomerMessage)] == kept
    assert len(parsed.problems) == 3 - len(kept)
    assert all(p.split(" skipped: ")[1].startswith(f"{kind}: ") for p in parsed.problems)


@pytest.mark.parametrize(
    ("row", "key"),
    [("image", "caption"), ("document", "filename"), ("location", "name"),
     ("button", "payload"), ("order", "text"), ("audio", "mime_type"), ("sticker", "sha256")],
)  # fmt: skip
def test_over_the_codec_cap_is_skipped_never_cut(row: str, key: str) -> None:
    item = row_message(row)
    item[item["type"]][key] = "x" * (64 * 1024 + 1)
    parsed = one(item)
    assert parsed.events == []
    assert parsed.problems == [
        f"entry[0].changes[0].messages[0] skipped: {item['type']}: {key} too long"
    ]


def test_lone_surrogates_in_captions_are_replaced() -> None:
    item = row_message("image")
    item["image"]["caption"] = "bad \ud800 pair"
    found = only_message(one(item))
    assert isinstance(found.content, Media)
    assert found.content.caption == "bad ? pair"  # UTF-8's "replace" error handler


def _canaried(node: Any) -> Any:
    """`node` with every string leaf a canary and every number a phone-shaped canary."""
    if isinstance(node, dict):
        return {key: _canaried(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_canaried(value) for value in node]
    if isinstance(node, str):
        return CANARY_BODY
    if isinstance(node, int | float) and not isinstance(node, bool):
        return int(CANARY_PHONE)
    return node


@pytest.mark.parametrize("row", ROWS)
def test_no_problem_quotes_a_canary_planted_in_any_field(row: str) -> None:
    item = row_message(row, sender=CANARY_PHONE, user_id=CANARY_NAME * 40)
    kind = item["type"]
    broken = [
        {**item, kind: _canaried(item[kind]), "id": CANARY_BODY * 100},
        {**item, kind: _canaried(item[kind]), "timestamp": CANARY_PHONE + "x"},
        {**item, kind: [_canaried(item[kind])]},
        {**item, "context": {"id": CANARY_PHONE * 100}},
        {**item, "referral": CANARY_BODY},
        {**item, "type": CANARY_BODY},
    ]
    names = [contact(name=CANARY_NAME, wa_id=CANARY_PHONE, user_id=None)]
    parsed = parse(envelope(change(contacts=names, messages=broken)))  # asserts no canary
    assert len(parsed.problems) == len(broken)
