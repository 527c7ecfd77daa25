"""The store's JSON for message contents and contexts: every kind round-trips, exactly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.content import (
    NO_CONTEXT,
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
)
from app.domain.ids import Wamid
from app.store.content_rows import (
    UNKNOWN_KIND_TITLE,
    content_from_json,
    content_to_json,
    context_from_json,
    context_to_json,
)

STORED = StoredMedia("obj-7f3a", bytes(range(32)), b"\xff" * 32, 48_213)

EVERY_KIND: list[Content] = [
    Text("Is my order shipped? ✓", preview_url=True),
    Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", meta_sha256="q1w2=", stored=STORED),
    Media(ContentKind.VIDEO, "video/mp4", caption="unboxing"),
    Media(ContentKind.AUDIO, "audio/ogg; codecs=opus", voice=True, stored=STORED),
    Media(ContentKind.DOCUMENT, "application/pdf", caption="see", filename="invoice-42.pdf"),
    Media(ContentKind.STICKER, "image/webp", animated=True),
    Location("52.5200", "13.4050", "Shop Mitte", "Alexanderplatz 1, Berlin", "https://x.test"),
    Location("-33.8688", "151.2093"),
    Contacts(
        (
            SharedContact(
                "Jonas B",
                (ContactPhone("+49 151 0000000", "491510000000", "CELL"),),
                ("jonas@example.com",),
                "Acme",
            ),
            SharedContact("Nobody"),
        )
    ),
    InteractiveReply(ReplyType.BUTTON, "confirm_yes", "Yes"),
    InteractiveReply(ReplyType.LIST, "slot_2", "Tue 10:00", "Berlin"),
    InteractiveReply(ReplyType.FLOW, "", "Sent", response_json='{"a": 1}'),
    TemplateButton("STOP_PROMO", "Stop promotions"),
    Reaction(Wamid("wamid.OUT0001"), "👍"),
    Reaction(Wamid("wamid.OUT0001"), ""),
    Order("cat-1", "please gift-wrap", (OrderItem("sku-1", 2, "19.99", "EUR"),)),
    Unsupported(131051, "Message type unknown"),
]


@pytest.mark.parametrize("content", EVERY_KIND, ids=lambda c: type(c).__name__)
def test_every_kind_round_trips(content: Content) -> None:
    stored = content_to_json(content)
    assert content_from_json(stored) == content
    assert json.loads(stored)["kind"] == int(content.kind)


def test_media_keys_are_stored_as_base64_not_repr() -> None:
    stored = json.loads(content_to_json(EVERY_KIND[1]))
    assert stored["v"]["stored"]["key"] == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def test_a_kind_from_a_newer_build_reads_as_unsupported() -> None:
    newer = json.dumps({"kind": 99, "v": {"whatever": 1}}).encode()
    assert content_from_json(newer) == Unsupported(0, UNKNOWN_KIND_TITLE)


@pytest.mark.parametrize(
    "data", [b"not json", b"{}", b'{"kind": 1, "v": {}}', b'{"kind": 2, "v": {"mime": 1}}']
)
def test_damaged_content_is_an_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="does not decode"):
        content_from_json(data)


def test_no_context_is_stored_as_null() -> None:
    assert context_to_json(NO_CONTEXT) is None
    assert context_from_json(None) == NO_CONTEXT


@pytest.mark.parametrize(
    "context",
    [
        MessageContext(quoted=Wamid("wamid.OUT0004")),
        MessageContext(forwarded=True),
        MessageContext(frequently_forwarded=True, referred_product="cat-1/sku-1"),
        MessageContext(referral=Referral("ad", "120", "https://fb.me/x", "Spring sale", "b", "c")),
    ],
)
def test_contexts_round_trip(context: MessageContext) -> None:
    stored = context_to_json(context)
    assert stored is not None
    assert context_from_json(stored) == context


def test_damaged_context_is_an_error() -> None:
    with pytest.raises(ValueError, match="does not decode"):
        context_from_json(b'{"quoted": null}')


@given(body=st.text(), caption=st.text(), filename=st.text(), key=st.binary(max_size=64))
def test_any_text_survives(body: str, caption: str, filename: str, key: bytes) -> None:
    media = Media(
        ContentKind.DOCUMENT,
        "application/pdf",
        caption=caption,
        filename=filename,
        stored=StoredMedia(body, key, key, len(key)),
    )
    assert content_from_json(content_to_json(Text(body))) == Text(body)
    assert content_from_json(content_to_json(media)) == media


@given(body=st.text(), preview_url=st.booleans())
def test_a_text_is_stored_as_the_generic_encoder_stores_it(body: str, preview_url: bool) -> None:
    """Texts take a shortcut past the dictionaries (the apply stores one per message); its bytes
    are those of the generic `{"kind": …, "v": {…}}` form, sorted keys and all."""
    generic = json.dumps(
        {"kind": int(ContentKind.TEXT), "v": {"body": body, "preview_url": preview_url}},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    assert content_to_json(Text(body, preview_url)) == generic
    assert content_from_json(generic) == Text(body, preview_url)
