"""The gateway's event ids grow with its clock, so the desks' event-id indexes append."""

from __future__ import annotations

from app.crypto.envelope import parse_envelope
from app.domain.ids import EVENT_ID_RANDOM_LEN
from tests.helpers.local_team import found_team
from tests.unit.gateway.test_own_chain import NOW, gateway_for, message


def test_sealed_events_carry_ids_in_the_order_of_the_gateways_clock() -> None:
    gateway = gateway_for(found_team("Acme", ["Anna"], NOW))
    seconds = [NOW, NOW + 1, NOW + 1, NOW + 60]

    event_ids = []
    for n, now in enumerate(seconds):
        data = gateway.seal(message(n), now)
        gateway.published(data)
        event_ids.append(parse_envelope(data).header.event_id)

    assert [int.from_bytes(i[:6], "big") for i in event_ids] == [s * 1000 for s in seconds]
    assert len({i[-EVENT_ID_RANDOM_LEN:] for i in event_ids}) == len(seconds)
