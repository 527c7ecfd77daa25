"""Event plaintexts round-trip exactly and the parser refuses anything else."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.content import Text
from app.domain.errors import EnvelopeRejected
from app.domain.ids import NO_CONVERSATION, ConversationId, CustomerId, EventId, Wamid
from app.domain.model import DeliveryStatus
from app.log.events import (
    Claim,
    CustomerMessage,
    DeliveryStatusChanged,
    Event,
    OutboundRequest,
    Reply,
    SendOutcome,
)
from app.sync import codec

CONV = ConversationId(bytes(range(16)))
EVENTS: list[Event] = [
    CustomerMessage(Wamid("wamid.X"), CustomerId("DE.1"), "4915", "Lena", 1767225600, Text("Hi ✓")),
    CustomerMessage(Wamid("wamid.Y"), CustomerId("DE.2"), "", "", 1, Text("")),
    DeliveryStatusChanged(Wamid("wamid.X"), DeliveryStatus.READ, 5, 0, ""),
    DeliveryStatusChanged(Wamid("wamid.X"), DeliveryStatus.FAILED, 5, 131047, "Re-engagement"),
    SendOutcome(EventId(b"r" * 16), Wamid("wamid.OUT"), 0, ""),
    SendOutcome(EventId(b"r" * 16), None, 131026, "undeliverable"),
    Claim(CONV),
    Reply(CONV, Text("Thanks!\nSee you")),
    OutboundRequest(EventId(b"q" * 16), CustomerId("DE.1"), "", Text("Thanks!")),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_every_kind_round_trips(event: Event) -> None:
    data = codec.encode(event, CONV, 1767225600)
    plain = codec.decode(data)
    assert plain.event == event
    assert plain.conversation_id == CONV
    assert plain.author_time == 1767225600


def test_trailing_bytes_are_refused() -> None:
    data = codec.encode(Claim(CONV), NO_CONVERSATION, 1)
    with pytest.raises(EnvelopeRejected):
        codec.decode(data + b"\0")


def test_unknown_kind_is_refused() -> None:
    data = bytearray(codec.encode(Claim(CONV), NO_CONVERSATION, 1))
    data[0] = 99
    with pytest.raises(EnvelopeRejected):
        codec.decode(bytes(data))


def test_a_non_empty_frontier_is_refused_in_v1() -> None:
    data = bytearray(codec.encode(Claim(CONV), NO_CONVERSATION, 1))
    data[1 + 16 + 8 + 3] = 1  # the frontier count's low byte
    with pytest.raises(EnvelopeRejected):
        codec.decode(bytes(data))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_raise_the_typed_error(data: bytes) -> None:
    with contextlib.suppress(EnvelopeRejected):
        codec.decode(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500), st.text(max_size=40), st.integers(0, 2**63))
def test_arbitrary_text_round_trips(text: str, name: str, when: int) -> None:
    event = CustomerMessage(Wamid("wamid.Z"), CustomerId("DE.9"), "", name, when, Text(text))
    assert codec.decode(codec.encode(event, NO_CONVERSATION, when)).event == event
