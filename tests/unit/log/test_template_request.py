"""TemplateDraft on the wire: an admin's request to create a template, sealed to the gateway."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.ids import NO_CONVERSATION
from app.domain.template_draft import TemplateDraft
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
