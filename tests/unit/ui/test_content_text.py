"""What each message kind says: queue previews and what a bubble shows (`content_text`)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

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
    StoredMedia,
    TemplateButton,
    Text,
    Unsupported,
)
from app.domain.ids import Wamid
from app.ui.content_text import Card, Shown, Tile, describe, file_type, kind_icon, preview
from app.ui.icons import icon_pixmap

STORED = StoredMedia("obj", b"k" * 32, b"h" * 32, 48_213)


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> None:
    """Translation and locale need the application."""


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (ContentKind.TEXT, "Is my\n order   shipped?", "Is my order shipped?"),
        (ContentKind.IMAGE, "receipt", "Photo · receipt"),
        (ContentKind.VIDEO, "", "Video"),
        (ContentKind.AUDIO, "", "Audio"),
        (ContentKind.DOCUMENT, "invoice-42.pdf", "Document · invoice-42.pdf"),
        (ContentKind.STICKER, "", "Sticker"),
        (
            ContentKind.LOCATION,
            "Shop Mitte Alexanderplatz 1",
            "Location · Shop Mitte Alexanderplatz 1",
        ),
        (ContentKind.CONTACTS, "Jonas B", "Contact · Jonas B"),
        (ContentKind.INTERACTIVE_REPLY, "Yes", "Reply · Yes"),
        (ContentKind.TEMPLATE_BUTTON, "Stop promotions", "Button · Stop promotions"),
        (ContentKind.ORDER, "", "Order"),
        (ContentKind.UNSUPPORTED, "", "Unsupported message"),
    ],
)
def test_queue_previews_label_the_kind(kind: ContentKind, text: str, expected: str) -> None:
    assert preview(kind, text) == expected


def test_every_kind_has_an_icon_that_renders() -> None:
    for kind in ContentKind:
        name = kind_icon(kind)
        if kind is ContentKind.TEXT:
            assert name == ""
            continue
        image = icon_pixmap(name, 16, "#000000").toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(16) for y in range(16)), name


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (None, Shown(body="our reply")),
        (Text("hello"), Shown(body="our reply")),
        (
            Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", stored=STORED),
            Shown(tile=Tile("photo", "Photo · 48 kB"), body="receipt"),
        ),
        (
            Media(ContentKind.VIDEO, "video/mp4"),
            Shown(tile=Tile("video", "Video", play=True)),
        ),
        (
            Media(ContentKind.STICKER, "image/webp", animated=True),
            Shown(tile=Tile("sticker", "Animated sticker", square=True)),
        ),
        (
            Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=STORED),
            Shown(cards=(Card("mic", "Voice message", ("OGG · 48 kB",)),)),
        ),
        (
            Media(ContentKind.AUDIO, "audio/mpeg", filename="song.mp3"),
            Shown(cards=(Card("audio", "song.mp3", ("MP3",)),)),
        ),
        (
            Media(ContentKind.DOCUMENT, "application/pdf", caption="see", filename="a.pdf"),
            Shown(cards=(Card("document", "a.pdf", ("PDF",)),), body="see"),
        ),
        (
            Location("52.5200", "13.4050", "Shop Mitte", "Alexanderplatz 1, Berlin"),
            Shown(
                cards=(
                    Card(
                        "location", "Shop Mitte", ("Alexanderplatz 1, Berlin", "52.5200, 13.4050")
                    ),
                )
            ),
        ),
        (
            Location("52.52", "13.40"),
            Shown(cards=(Card("location", "Shared location", ("52.52, 13.40",)),)),
        ),
        (
            Contacts((SharedContact("Jonas B", (ContactPhone("+49 151 0000000"),), (), "Acme"),)),
            Shown(cards=(Card("contact", "Jonas B", ("+49 151 0000000", "Acme")),)),
        ),
        (
            InteractiveReply(ReplyType.BUTTON, "confirm_yes", "Yes"),
            Shown(cards=(Card("tap", "Tapped “Yes”"),)),
        ),
        (
            InteractiveReply(ReplyType.LIST, "slot_2", "Tue 10:00", "Berlin"),
            Shown(cards=(Card("list", "Chose “Tue 10:00”", ("Berlin",)),)),
        ),
        (
            InteractiveReply(ReplyType.FLOW, "", "Booking"),
            Shown(cards=(Card("form", "Sent the form “Booking”"),)),
        ),
        (
            TemplateButton("STOP_PROMO", "Stop promotions"),
            Shown(cards=(Card("tap", "Tapped “Stop promotions”"),)),
        ),
        (
            Order(
                "cat",
                "gift-wrap please",
                (
                    OrderItem("a", 2, "19.99", "EUR"),
                    OrderItem("b", 1, "5.5", "EUR"),
                    OrderItem("c", 1, "1000", "JPY"),
                ),
            ),
            Shown(
                cards=(Card("order", "Order · 4 items", ("Total 45.48 EUR", "Total 1000 JPY")),),
                body="gift-wrap please",
            ),
        ),
        (
            Unsupported(131051, "Message type unknown"),
            Shown(placeholder="This message type isn't supported by WhatsApp's API"),
        ),
        (Reaction(Wamid("w"), "❤"), Shown(body="Reacted ❤")),
    ],
    ids=lambda value: type(value).__name__,
)
def test_what_each_kind_shows(content: Content | None, shown: Shown) -> None:
    assert describe(content, "our reply") == shown


def test_single_item_order_and_unreadable_price() -> None:
    order = Order("cat", "", (OrderItem("a", 1, "n/a", "EUR"),))
    assert describe(order, "") == Shown(cards=(Card("order", "Order · 1 item"),))


def test_file_types() -> None:
    assert file_type("application/pdf", "Invoice.PDF") == "PDF"
    assert file_type("audio/ogg; codecs=opus") == "OGG"
    assert file_type("") == ""
