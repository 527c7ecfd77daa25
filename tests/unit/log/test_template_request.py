"""TemplateDraft on the wire: an admin's request to create a template, sealed to the gateway."""

from __future__ import annotations

import pytest

from app.crypto.encoding import Writer
from app.crypto.errors import DecodeError
from app.domain.events import EventKind
from app.domain.ids import NO_CONVERSATION
from app.domain.template_draft import TemplateDraft
from app.domain.template_parts import PhoneButton, UrlButton
from app.log.kinds.template_request import PARTS_VERSION
from app.sync import codec

DRAFT = TemplateDraft("parcel_ready", "de", "UTILITY", "Hallo {{1}}", ("Lena",), ("Danke",))


def test_a_request_survives_the_wire() -> None:
    assert codec.decode(codec.encode(DRAFT, NO_CONVERSATION, 5)).event == DRAFT


def test_more_than_three_buttons_are_refused_on_reading() -> None:
    data = codec.encode(
        TemplateDraft("a", "de", "UTILITY", "x", (), ("1", "2", "3", "4")), NO_CONVERSATION, 5
    )
    with pytest.raises(DecodeError):
        codec.decode(data)


FULL = TemplateDraft(
    "parcel_ready",
    "de",
    "UTILITY",
    "Hallo {{1}}",
    ("Lena",),
    ("Danke",),
    header="Paket {{1}}",
    header_example="A-1042",
    footer="Acme Support",
    links=(
        UrlButton("Verfolgen", "https://track.example.com/{{1}}", "A-1042"),
        UrlButton("Hilfe", "https://example.com/help"),
    ),
    call=PhoneButton("Anrufen", "+4930123456"),
)


def test_a_request_with_header_footer_and_every_button_survives_the_wire() -> None:
    assert codec.decode(codec.encode(FULL, NO_CONVERSATION, 5)).event == FULL


def test_a_request_written_by_an_older_desk_still_reads_without_the_new_parts() -> None:
    """Kind 26 is in logs already: those requests end after the quick replies."""
    body = Writer().text(DRAFT.name).text(DRAFT.language).text(DRAFT.category).text(DRAFT.body)
    body.items(DRAFT.examples, lambda x, out: out.text(x))
    body.items(DRAFT.quick_replies, lambda x, out: out.text(x))
    plaintext = Writer().u8(EventKind.TEMPLATE_REQUEST).fixed(NO_CONVERSATION, 16).u64(5).u32(0)
    read = codec.decode(plaintext.var(body.getvalue()).getvalue()).event
    assert read == DRAFT
    assert isinstance(read, TemplateDraft)
    assert (read.header, read.footer, read.links, read.call) == ("", "", (), None)


def test_a_newer_parts_version_is_refused_rather_than_misread() -> None:
    data = bytearray(codec.encode(DRAFT, NO_CONVERSATION, 5))
    version_at = data.rindex(bytes([PARTS_VERSION]) + b"\x00" * 4)
    data[version_at] = PARTS_VERSION + 1
    with pytest.raises(DecodeError):
        codec.decode(bytes(data))
