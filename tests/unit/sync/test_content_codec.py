"""Every kind of message content, and the new gateway events, round-trip through the codec."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.content import (
    ContactPhone,
    Contacts,
    Content,
    ContentKind,
    InteractiveReply,
    Location,
    Media,
    MessageContext,
    Order,
    OrderItem,
    Reaction,
    Referral,
    ReplyType,
    SharedContact,
    StoredMedia,
    TemplateButton,
    Text,
    Unsupported,
    searchable_text,
)
from app.domain.errors import EnvelopeRejected
from app.domain.ids import NO_CONVERSATION, CustomerId, Wamid
from app.log.events import (
    CustomerIdChanged,
    CustomerMessage,
    Event,
    MediaStored,
    NumberStatus,
    Preference,
    PreferenceChanged,
)
from app.sync import codec

STORED = StoredMedia("a1b2c3", b"k" * 32, b"h" * 32, 303833)
CONTENTS: list[Content] = [
    Text("Is my order shipped?", preview_url=True),
    Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", meta_sha256="q1w2", stored=STORED),
    Media(ContentKind.DOCUMENT, "application/pdf", filename="invoice-42.pdf"),
    Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=STORED),
    Media(ContentKind.STICKER, "image/webp", animated=True),
    Media(ContentKind.VIDEO, "video/mp4"),
    Location("52.5200", "13.4050", "Shop Mitte", "Alexanderplatz 1, Berlin"),
    Location("52.5200", "13.4050"),
    Contacts(
        (
            SharedContact(
                "Jonas B",
                (ContactPhone("+49 151 0000000", "491510000000", "CELL"),),
                ("j@example.com",),
                "Acme",
            ),
        )
    ),
    InteractiveReply(ReplyType.BUTTON, "confirm_yes", "Yes"),
    InteractiveReply(ReplyType.LIST, "slot_2", "Tue 10:00", "Berlin"),
    InteractiveReply(ReplyType.FLOW, "", "", response_json='{"a": 1}'),
    TemplateButton("STOP_PROMO", "Stop promotions"),
    Reaction(Wamid("wamid.OUT0001"), "👍"),
    Reaction(Wamid("wamid.OUT0001"), ""),
    Order("cat-1", "for the party", (OrderItem("sku-1", 2, "9.99", "EUR"),)),
    Unsupported(131051, "Message type unknown"),
]
CONTEXTS = [
    MessageContext(),
    MessageContext(quoted=Wamid("wamid.OUT0004")),
    MessageContext(forwarded=True, frequently_forwarded=True),
    MessageContext(referred_product="cat-1/sku-1"),
    MessageContext(referral=Referral("ad", "ad-1", "https://fb.me/x", "Sale", "50% off", "clid")),
]


@pytest.mark.parametrize("content", CONTENTS, ids=lambda c: type(c).__name__)
@pytest.mark.parametrize("context", CONTEXTS, ids=range(len(CONTEXTS)))
def test_every_content_round_trips(content: Content, context: MessageContext) -> None:
    event = CustomerMessage(Wamid("wamid.X"), CustomerId("DE.1"), "", "Lena", 5, content, context)
    plain = codec.decode(codec.encode(event, NO_CONVERSATION, 5))
    assert plain.event == event


@pytest.mark.parametrize(
    "event",
    [
        CustomerIdChanged(CustomerId("DE.1"), CustomerId("DE.2"), "4915", 7),
        PreferenceChanged(CustomerId("DE.1"), Preference.STOP, 8),
        NumberStatus("+49 30 555000", "Acme", "APPROVED", "GREEN", True, "STANDARD", "TIER_2K", 9),
        MediaStored(Wamid("wamid.IMG"), STORED),
    ],
    ids=lambda e: type(e).__name__,
)
def test_new_gateway_events_round_trip(event: Event) -> None:
    assert codec.decode(codec.encode(event, NO_CONVERSATION, 1)).event == event


def test_the_searchable_text_of_each_kind() -> None:
    assert [searchable_text(c) for c in CONTENTS[:4]] == [
        "Is my order shipped?",
        "receipt",
        "invoice-42.pdf",
        "",
    ]
    assert searchable_text(CONTENTS[6]) == "Shop Mitte Alexanderplatz 1, Berlin"
    assert searchable_text(CONTENTS[8]) == "Jonas B"


def test_a_bad_flag_byte_is_refused() -> None:
    event = CustomerMessage(Wamid("w"), CustomerId("DE.1"), "", "", 1, Text("x", False))
    data = bytearray(codec.encode(event, NO_CONVERSATION, 1))
    # The plaintext ends with the context: … forwarded(1) frequently(1) product(4) referral(1).
    assert data[-7] == 0
    data[-7] = 2  # "forwarded" is a flag: only 0 or 1
    with pytest.raises(EnvelopeRejected):
        codec.decode(bytes(data))


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=200),
    st.text(max_size=50),
    st.booleans(),
    st.lists(st.tuples(st.text(max_size=20), st.integers(0, 2**32 - 1)), max_size=5),
)
def test_arbitrary_values_round_trip(
    caption: str, name: str, voice: bool, items: list[tuple[str, int]]
) -> None:
    for content in (
        Media(ContentKind.AUDIO, "audio/ogg", caption=caption, filename=name, voice=voice),
        Order(name, caption, tuple(OrderItem(i, q, "1", "EUR") for i, q in items)),
    ):
        event = CustomerMessage(Wamid("w"), CustomerId("DE.1"), "", name, 1, content)
        assert codec.decode(codec.encode(event, NO_CONVERSATION, 1)).event == event
