"""Gateway beats sealed by the gateway and opened by a desk against its validated chain: one
size, counts hidden, and refused when forged, tampered with, from a staff device, or from
another team."""

from __future__ import annotations

import pytest

from app.crypto.gateway_beat import BEAT_LEN, seal_beat
from app.crypto.keys import DeviceKeys
from app.domain.errors import EnvelopeRejected
from app.domain.gateway_beat import GatewayBeat, WhatsAppLink
from app.domain.ids import TeamId
from app.sync.gateway_beat import BeatCodec, beat_subject
from app.sync.protocol import Keyring, LogReader
from tests.unit.crypto.helpers import GATEWAY, MEMBER, ROOT, TEAM, Team, build_team, keys

NOW = 1_700_000_000.25


def desk_codec() -> BeatCodec:
    team = build_team()
    keyring = Keyring(TEAM)
    keyring.add_seed(1, team.seed)
    return BeatCodec(LogReader(ROOT, team.state, keyring, {}))


def beat_of(signer: DeviceKeys, **changes: object) -> GatewayBeat:
    values: dict[str, object] = {
        "gateway": signer.device_id,
        "sent_at": NOW,
        "beat_every": 5.0,
        "link": WhatsAppLink.NO_ANSWER,
        "link_since": NOW - 60,
        "waiting_webhooks": 7,
        "waiting_sends": 3,
    }
    values.update(changes)
    return GatewayBeat(**values)  # type: ignore[arg-type]


def sealed(team: Team, signer: DeviceKeys, team_id: TeamId = TEAM, **changes: object) -> bytes:
    inbound_public, _ = team.state.epoch_public(1)
    return seal_beat(
        beat_of(signer, **changes),
        team_id=team_id,
        epoch=1,
        inbound_public=inbound_public,
        signer=signer,
    )


def test_a_desk_opens_what_the_gateway_sealed() -> None:
    beat = desk_codec().open(sealed(build_team(), GATEWAY))

    assert beat == beat_of(GATEWAY)
    assert desk_codec().gateways() == frozenset({GATEWAY.device_id})
    assert desk_codec().subject == beat_subject(TEAM.hex()) == f"sb.{TEAM.hex()}.gateway"


def test_every_beat_has_one_size_and_hides_its_counts() -> None:
    team = build_team()
    quiet = sealed(team, GATEWAY, waiting_webhooks=0, waiting_sends=0, link=WhatsAppLink.OK)
    busy = sealed(team, GATEWAY, waiting_webhooks=123_456, waiting_sends=654_321)

    assert len(quiet) == len(busy) == BEAT_LEN
    for secret in ((123_456).to_bytes(4, "big"), (654_321).to_bytes(4, "big")):
        assert secret not in busy


def test_staff_devices_and_strangers_cannot_beat_for_the_gateway() -> None:
    team = build_team()
    for signer in (MEMBER, ROOT, keys("stranger")):
        with pytest.raises(EnvelopeRejected, match="author"):
            desk_codec().open(sealed(team, signer))


def test_a_beat_naming_the_gateway_but_signed_by_another_is_refused() -> None:
    team = build_team()
    data = sealed(team, MEMBER)
    start = data.index(MEMBER.device_id)
    forged = data[:start] + GATEWAY.device_id + data[start + 16 :]

    with pytest.raises(EnvelopeRejected):
        desk_codec().open(forged)


def test_a_tampered_beat_is_refused() -> None:
    data = bytearray(sealed(build_team(), GATEWAY))
    data[80] ^= 1  # inside the sealed part

    with pytest.raises(EnvelopeRejected):
        desk_codec().open(bytes(data))


def test_a_beat_of_another_team_is_refused() -> None:
    with pytest.raises(EnvelopeRejected, match="team"):
        desk_codec().open(sealed(build_team(), GATEWAY, team_id=TeamId(bytes(16))))


def test_a_gateway_announces_only_itself() -> None:
    team = build_team()
    inbound_public, _ = team.state.epoch_public(1)
    with pytest.raises(ValueError, match="only itself"):
        seal_beat(
            beat_of(MEMBER),
            team_id=TEAM,
            epoch=1,
            inbound_public=inbound_public,
            signer=GATEWAY,
        )
