"""Every inbound type of cloud-api.md §4 → `CustomerMessage(content, context)`, plus media refs."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.content import (
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    InteractiveReply,
    Location,
    Media,
    Order,
    OrderItem,
    Reaction,
    ReplyType,
    SharedContact,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.ids import Wamid
from app.gateway.parse import MediaRef, ParsedWebhook
from app.log.events import CustomerMessage

from .payloads import (
    BSUID,
    LOOKASIDE,
    PHONE,
    SHA,
    bodies,
    change,
    contact,
    envelope,
    message,
    row_message,
    text_message,
    unsupported,
)
from .test_parse import parse

EXPECTED: dict[str, Content] = {
    "text": Text("Is my order shipped?"),
    "image": Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", meta_sha256=SHA),
    "video": Media(ContentKind.VIDEO, "video/mp4", caption="unboxing", meta_sha256=SHA),
    "audio": Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, meta_sha256=SHA),
    "audio_file": Media(ContentKind.AUDIO, "audio/mpeg", meta_sha256=SHA),
    "document": Media(
        ContentKind.DOCUMENT,
        "application/pdf",
        caption="see attached",
        filename="invoice-42.pdf",
        meta_sha256=SHA,
    ),
    "sticker": Media(ContentKind.STICKER, "image/webp", animated=True, meta_sha256=SHA),
    "location": Location(
        "52.5200", "13.4050", "Shop Mitte", "Alexanderplatz 1, Berlin", "https://example.com/mitte"
    ),
    "location_pin": Location("-33.8688", "151.2093"),
    "contacts": Contacts(
        (
            SharedContact(
                "Jonas B",
                (ContactPhone("+49 151 0000000", "491510000000", "CELL"),),
                ("jonas@example.com",),
                "Acme",
            ),
            SharedContact("Ada L", (ContactPhone("+44 20 0000", "", "HOME"),)),
        )
    ),
    "button_reply": InteractiveReply(ReplyType.BUTTON, "confirm_yes", "Yes"),
    "list_reply": InteractiveReply(ReplyType.LIST, "slot_2", "Tue 10:00", "Berlin"),
    "nfm_reply": InteractiveReply(
        ReplyType.FLOW, "flow", "Sent", response_json='{"flow_token":"T1","size":"M"}'
    ),
    "button": TemplateButton("STOP_PROMO", "Stop promotions"),
    "reaction": Reaction(Wamid("wamid.OUT0001"), "👍"),
    "reaction_removed": Reaction(Wamid("wamid.OUT0001"), ""),
    "order": Order(
        "CAT-1",
        "for pickup",
        (OrderItem("SKU-1", 2, "12.99", "EUR"), OrderItem("SKU-2", 1, "5.00", "EUR")),
    ),
}
ROWS = sorted(EXPECTED)
MEDIA_ROWS = ["image", "video", "audio", "audio_file", "document", "sticker"]


def only_message(parsed: ParsedWebhook) -> CustomerMessage:
    assert parsed.problems == []
    [event] = parsed.events
    assert isinstance(event, CustomerMessage)
    return event


def one(item: dict[str, Any], contacts: list[Any] | None = None) -> ParsedWebhook:
    return parse(envelope(change(contacts=contacts, messages=[item])))


# -- every row, in every identity shape ------------------------------------------------------


def test_the_rows_cover_every_body() -> None:
    assert set(ROWS) == set(bodies())


@pytest.mark.parametrize("row", ROWS)
def test_2026_shape(row: str) -> None:
    found = only_message(one(row_message(row), [contact()]))
    assert (found.wamid, found.customer_id, found.customer_wa_id) == ("wamid.ROW", BSUID, PHONE)
    assert (found.profile_name, found.sent_at) == ("Lena K", 1767225600)
    assert found.content == EXPECTED[row]


@pytest.mark.parametrize("row", ROWS)
def test_pre_2026_shape_keys_on_the_phone(row: str) -> None:
    item = row_message(row, user_id=None)
    found = only_message(one(item, [contact(name="Old", user_id=None)]))
    assert (found.customer_id, found.customer_wa_id, found.profile_name) == (PHONE, PHONE, "Old")
    assert found.content == EXPECTED[row]


@pytest.mark.parametrize("row", ROWS)
def test_username_customer_without_from_or_wa_id(row: str) -> None:
    item = row_message(row, sender=None, user_id=None)
    found = only_message(one(item, [contact(name="Mo", wa_id=None)]))
    assert (found.customer_id, found.customer_wa_id, found.profile_name) == (BSUID, "", "Mo")
    assert found.content == EXPECTED[row]


@pytest.mark.parametrize("kind", ["unsupported", "unknown"])
def test_unsupported_and_unknown_carry_metas_code_and_title(kind: str) -> None:
    found = only_message(one(unsupported("wamid.U", kind), [contact()]))
    assert found.content == Unsupported(131051, "Message type unknown")
    assert found.text == ""


@pytest.mark.parametrize(
    "errors",
    [None, [], "x", [None], [{"code": "131051"}], [{"code": -1, "title": 5}], [{"title": "T"}]],
)
def test_unsupported_with_odd_errors_is_still_a_placeholder(errors: object) -> None:
    item = message("wamid.U", "unsupported", errors=errors)
    found = only_message(one(item))
    assert isinstance(found.content, Unsupported)
    assert found.content.error_code == 0


def test_unsupported_title_is_cut_to_fit() -> None:
    item = message("wamid.U", "unsupported", errors=[{"code": 131051, "title": "ü" * 2000}])
    found = only_message(one(item))
    assert isinstance(found.content, Unsupported)
    assert 0 < len(found.content.title.encode()) <= 1024


# -- media refs ------------------------------------------------------------------------------


def test_media_refs_follow_the_media_messages_in_order() -> None:
    items = [row_message(row, f"wamid.{row}") for row in ROWS]
    parsed = parse(envelope(change(contacts=[contact()], messages=items)))
    assert parsed.problems == []
    assert parsed.media == [
        MediaRef(Wamid("wamid.audio"), "1555000000000003", None),
        MediaRef(Wamid("wamid.audio_file"), "1555000000000005", None),
        MediaRef(Wamid("wamid.document"), "1555000000000002", None),
        MediaRef(Wamid("wamid.image"), "1555000000000001", LOOKASIDE),
        MediaRef(Wamid("wamid.sticker"), "1555000000000006", None),
        MediaRef(Wamid("wamid.video"), "1555000000000004", None),
    ]
    stored = [e.content for e in parsed.events if isinstance(e, CustomerMessage)]
    assert all(c.stored is None for c in stored if isinstance(c, Media))


@pytest.mark.parametrize("url", ["ftp://x/y", "javascript:alert(1)", 5, "https://x/" + "a" * 5000])
def test_unusable_media_urls_are_dropped_not_fatal(url: object) -> None:
    item = row_message("image")
    item["image"]["url"] = url
    parsed = one(item)
    assert parsed.media == [MediaRef(Wamid("wamid.ROW"), "1555000000000001", None)]


@pytest.mark.parametrize("media_id", [None, "", 1555, "9" * 300])
def test_media_without_a_usable_id_is_skipped(media_id: object) -> None:
    item = row_message("video")
    item["video"]["id"] = media_id
    parsed = parse(envelope(change(messages=[item, text_message("wamid.NEXT")])))
    assert [e.wamid for e in parsed.events if isinstance(e, CustomerMessage)] == ["wamid.NEXT"]
    assert parsed.media == []
    assert parsed.problems == [
        "entry[0].changes[0].messages[0] skipped: video: missing or invalid id"
    ]


def test_media_fields_belong_to_their_kind_only() -> None:
    item = message(
        "wamid.M",
        "image",
        {"id": "1", "mime_type": "image/png", "voice": True, "animated": True, "filename": "x"},
    )
    found = only_message(one(item))
    assert found.content == Media(ContentKind.IMAGE, "image/png")


# -- location numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "expected"),
    [
        ("52.5200", "52.5200"),
        (52.52, "52.52"),
        (52, "52"),
        (-0.0, "-0.0"),
        (1e-7, "0.0000001"),
        ("-90", "-90"),
        (90.0, "90.0"),
    ],
)
def test_latitudes_are_decimal_text(latitude: object, expected: str) -> None:
    item = message("wamid.L", "location", {"latitude": latitude, "longitude": 0})
    found = only_message(one(item))
    assert found.content == Location(expected, "0")


@pytest.mark.parametrize(
    "latitude",
    [None, True, "52,52", " 52.5", "1e2", "NaN", "Infinity", float("nan"), float("inf"), 90.5,
     -91, 10**400, "52." + "1" * 25, 1e-30, [52.5], {"deg": 52}],
)  # fmt: skip
def test_bad_latitudes_skip_the_message(latitude: object) -> None:
    item = message("wamid.L", "location", {"latitude": latitude, "longitude": 13.4})
    parsed = one(item)
    assert parsed.events == []
    assert parsed.problems == [
        "entry[0].changes[0].messages[0] skipped: location: invalid latitude"
    ]


def test_longitude_may_reach_180() -> None:
    item = message("wamid.L", "location", {"latitude": 0, "longitude": -180})
    assert only_message(one(item)).content == Location("0", "-180")


# -- contacts, interactive, reactions, orders ------------------------------------------------


@pytest.mark.parametrize(
    ("cards", "reason"),
    [
        ([], "contacts: contacts without any contact"),
        ("Jonas", "contacts: invalid contacts"),
        ([{"name": {"formatted_name": "A"}}] * 257, "contacts: too many contacts"),
        ([{"name": "Jonas"}], "contacts: invalid name"),
        ([{"name": {"formatted_name": 5}}], "contacts: invalid formatted_name"),
        ([{"phones": [{"phone": ["+49"]}]}], "contacts: invalid phone"),
        ([{"phones": ["+49 151"]}], "contacts: invalid phones"),
        ([{"emails": [{"email": None}, {"email": 7}]}], "contacts: invalid email"),
        ([{"org": "Acme"}], "contacts: invalid org"),
        ([{"phones": [{"phone": "1" * 300}] * 100}] * 10, "too large for the log"),
    ],
)
def test_bad_contacts_are_skipped(cards: object, reason: str) -> None:
    parsed = one(message("wamid.C", "contacts", cards))
    assert parsed.events == []
    assert parsed.problems == [f"entry[0].changes[0].messages[0] skipped: {reason}"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"type": "call_permission_reply"}, "interactive: interactive unrecognised not handled"),
        ({"type": None}, "interactive: interactive unrecognised not handled"),
        ({"type": "button_reply"}, "interactive: button_reply without body"),
        ({"type": "button_reply", "button_reply": {"title": "Yes"}}, "interactive: missing id"),
        ({"type": "list_reply", "list_reply": {"id": "x" * 1025}}, "interactive: id too long"),
        ({"type": "nfm_reply", "nfm_reply": {"name": "flow"}},
         "interactive: missing response_json"),
        ({"type": "nfm_reply", "nfm_reply": {"response_json": {"a": 1}}},
         "interactive: invalid response_json"),
    ],
)  # fmt: skip
def test_bad_interactive_replies_are_skipped(body: dict[str, Any], reason: str) -> None:
    parsed = one(message("wamid.I", "interactive", body))
    assert parsed.problems == [f"entry[0].changes[0].messages[0] skipped: {reason}"]


@pytest.mark.parametrize("body", [{"message_id": "wamid.OUT1"}, {"message_id": "wamid.OUT1",
                                                                   "emoji": None}])  # fmt: skip
def test_reaction_without_emoji_is_a_removal(body: dict[str, Any]) -> None:
    found = only_message(one(message("wamid.R", "reaction", body)))
    assert found.content == Reaction(Wamid("wamid.OUT1"), "")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"emoji": "👍"}, "reaction: missing or invalid message_id"),
        ({"message_id": "wamid.OUT1", "emoji": "👍" * 17}, "reaction: emoji too long"),
        ({"message_id": "wamid.OUT1", "emoji": 1}, "reaction: invalid emoji"),
    ],
)
def test_bad_reactions_are_skipped(body: dict[str, Any], reason: str) -> None:
    parsed = one(message("wamid.R", "reaction", body))
    assert parsed.problems == [f"entry[0].changes[0].messages[0] skipped: {reason}"]


def _order_item(**changes: object) -> dict[str, Any]:
    item: dict[str, Any] = {"product_retailer_id": "SKU", "quantity": 1, "item_price": "1.00",
                            "currency": "EUR"}  # fmt: skip
    item.update(changes)
    return item


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (_order_item(quantity=-1), "invalid quantity"),
        (_order_item(quantity=1.5), "invalid quantity"),
        (_order_item(quantity=1 << 32), "invalid quantity"),
        (_order_item(quantity=None), "invalid quantity"),
        (_order_item(item_price=-1), "invalid item_price"),
        (_order_item(item_price="12,99"), "invalid item_price"),
        (_order_item(item_price=None), "invalid item_price"),
        (_order_item(currency="EUR" * 6), "currency too long"),
        (_order_item(product_retailer_id=None), "missing product_retailer_id"),
    ],
)
def test_bad_order_items_are_skipped(item: dict[str, Any], reason: str) -> None:
    parsed = one(message("wamid.O", "order", {"catalog_id": "C", "product_items": [item]}))
    assert parsed.problems == [f"entry[0].changes[0].messages[0] skipped: order: {reason}"]


def test_order_prices_keep_their_digits() -> None:
    items = [_order_item(item_price=p) for p in (12.5, 100, "0.10", 1e-3)]
    found = only_message(one(message("wamid.O", "order", {"product_items": items})))
    assert isinstance(found.content, Order)
    assert [i.item_price for i in found.content.items] == ["12.5", "100", "0.10", "0.001"]
