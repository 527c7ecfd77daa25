"""A delivery status carries Meta's pricing as an optional tail (issue 10, item 6): statuses
without it encode as before, and the first price named for a wamid is the one kept."""

from __future__ import annotations

import pytest

from app.domain.errors import EnvelopeRejected
from app.domain.ids import NO_CONVERSATION, Wamid
from app.domain.model import DeliveryStatus
from app.domain.pricing import CostGroup, Pricing, PricingType
from app.log.events import DeliveryStatusChanged
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

_S = DeliveryStatus
MARKETING = Pricing("marketing", PricingType.REGULAR, True)
FREE = Pricing("service", PricingType.FREE_CUSTOMER_SERVICE, False)
# A status as a build before pricing wrote it (the bytes are fixed: they are in logs already).
_OLD = DeliveryStatusChanged(Wamid("wamid.X"), _S.READ, 5, 0, "")
_OLD_BODY = bytes.fromhex("00000007") + b"wamid.X" + bytes([_S.READ]) + (5).to_bytes(8, "big")
_OLD_BODY += bytes(4) + bytes(4)


def _body(event: DeliveryStatusChanged) -> bytes:
    data = codec.encode(event, NO_CONVERSATION, 1)
    return data[1 + 16 + 8 + 4 + 4 :]


def test_a_status_without_pricing_encodes_as_before() -> None:
    assert _body(_OLD) == _OLD_BODY
    assert codec.decode(codec.encode(_OLD, NO_CONVERSATION, 1)).event == _OLD


@pytest.mark.parametrize("pricing", [MARKETING, FREE, Pricing("x", PricingType.UNKNOWN, False)])
def test_a_priced_status_round_trips(pricing: Pricing) -> None:
    event = DeliveryStatusChanged(Wamid("wamid.X"), _S.SENT, 5, 0, "", pricing)
    assert codec.decode(codec.encode(event, NO_CONVERSATION, 1)).event == event


_TAIL = len(codec.encode(_OLD, NO_CONVERSATION, 1))
"""Where the tail begins in a whole plaintext: the body is its last field."""


@pytest.mark.parametrize(
    ("where", "byte"),
    [(_TAIL, 2), (-2, 9), (-1, 2)],  # the tail's marker, an unknown type, billable not 0 or 1
)
def test_a_non_canonical_pricing_tail_is_refused(where: int, byte: int) -> None:
    event = DeliveryStatusChanged(Wamid("wamid.X"), _S.SENT, 5, 0, "", MARKETING)
    data = bytearray(codec.encode(event, NO_CONVERSATION, 1))
    data[where] = byte
    with pytest.raises(EnvelopeRejected):
        codec.decode(bytes(data))


@pytest.mark.asyncio
async def test_the_first_price_of_a_wamid_is_kept_and_counted_once(
    replica: Replica, log: LogBuilder
) -> None:
    records = [log.customer("hi"), log.reply("CC.alice", "hello", ANNA)]
    await apply(replica, *records)
    reply = (await thread(replica))[-1]
    await apply(
        replica,
        log.outcome(reply.event_id, "wamid.R"),
        log.status("wamid.R", _S.SENT, pricing=FREE),
        log.status("wamid.R", _S.READ, pricing=MARKETING),  # a repeat never re-prices
    )
    profile = await replica.customer_profile(conversation_of("CC.alice"))
    assert profile is not None
    assert profile.costs.counts == ((CostGroup.FREE_SERVICE_WINDOW, 1),)
    assert (await thread(replica))[-1].status is _S.READ


@pytest.mark.asyncio
async def test_a_price_that_overtakes_the_send_outcome_still_counts(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), log.reply("CC.alice", "offer", ANNA))
    reply = (await thread(replica))[-1]
    await apply(replica, log.status("wamid.T", _S.DELIVERED, at=86_400, pricing=MARKETING))
    await apply(replica, log.outcome(reply.event_id, "wamid.T"))
    profile = await replica.customer_profile(conversation_of("CC.alice"))
    assert profile is not None
    assert (profile.costs.charged, profile.costs.free) == (1, 0)
    sends = await replica.priced_since(86_400)
    assert [(s.at, s.pricing, s.author) for s in sends] == [(86_400, MARKETING, ANNA)]
    assert await replica.priced_since(86_401) == []
