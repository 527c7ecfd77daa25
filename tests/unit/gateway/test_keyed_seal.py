"""The gateway's own type-7 writer makes the reference's bytes, and a desk opens them."""

from __future__ import annotations

import dataclasses
import os

import pytest

from app.crypto.envelope import parse_envelope, verify_signature
from app.crypto.errors import BadSignature
from app.crypto.header import ZERO_HASH, HeaderFields
from app.crypto.keys import DeviceKeys
from app.crypto.sender_key import SenderKey, new_sender_key, open_keyed_event, seal_keyed_event
from app.domain.ids import EventId, TeamId
from app.gateway.keyed_seal import KeyedSealer
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600
EPOCH = 1


@pytest.fixture(scope="module")
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna"], NOW)


def _key(keys: DeviceKeys) -> SenderKey:
    return new_sender_key(keys.device_id, EventId(os.urandom(16)), EPOCH)


def _fields(team_id: TeamId, author_seq: int = 7, prev: bytes = b"\x42" * 32) -> HeaderFields:
    return HeaderFields(
        team_id=team_id,
        epoch=EPOCH,
        event_id=EventId(os.urandom(16)),
        author_seq=author_seq,
        author_prev=prev,
        chain_seqno=3,
        chain_head_hash=b"\x17" * 32,
    )


@pytest.mark.parametrize("size", [0, 1, 200, 300, 5000])
def test_the_same_bytes_as_the_reference(team: FoundedTeam, size: int) -> None:
    key = _key(team.gateway)
    sealer = KeyedSealer(key, team.gateway, team.team_id)
    fields, nonce, plaintext = _fields(team.team_id), os.urandom(12), os.urandom(size)
    reference = seal_keyed_event(
        fields=fields,
        plaintext=plaintext,
        sender_key=key,
        signer=team.gateway,
        rng=lambda _n: nonce,
    )
    assert sealer.seal(fields, plaintext, nonce) == reference


def test_the_first_envelope_of_a_chain_too(team: FoundedTeam) -> None:
    key = _key(team.gateway)
    fields, nonce = _fields(team.team_id, author_seq=1, prev=ZERO_HASH), os.urandom(12)
    reference = seal_keyed_event(
        fields=fields, plaintext=b"hi", sender_key=key, signer=team.gateway, rng=lambda _n: nonce
    )
    assert KeyedSealer(key, team.gateway, team.team_id).seal(fields, b"hi", nonce) == reference


def test_a_desk_opens_it_and_a_changed_bit_fails(team: FoundedTeam) -> None:
    key = _key(team.gateway)
    data = KeyedSealer(key, team.gateway, team.team_id).seal(
        _fields(team.team_id), b"hello", os.urandom(12)
    )
    sig = team.gateway.public().sig
    assert open_keyed_event(verify_signature(parse_envelope(data), sig), key) == b"hello"
    tampered = bytearray(data)
    tampered[-100] ^= 1
    with pytest.raises(BadSignature):
        verify_signature(parse_envelope(bytes(tampered)), sig)


def test_another_authors_key_is_refused(team: FoundedTeam) -> None:
    anna = team.desks["Anna"].keys
    with pytest.raises(ValueError, match="its author"):
        KeyedSealer(_key(anna), team.gateway, team.team_id)


@pytest.mark.parametrize(
    "change",
    [
        {"epoch": EPOCH + 1},
        {"team_id": TeamId(os.urandom(16))},
        {"event_id": EventId(os.urandom(15))},
        {"author_prev": b"\x01" * 31},
        {"chain_head_hash": b"\x01" * 33},
        {"author_seq": 0},
        {"author_seq": 1},  # with a non-zero previous hash
        {"author_seq": 2, "author_prev": ZERO_HASH},
        {"chain_seqno": 0},
        {"author_seq": 1 << 64},
    ],
)
def test_fields_the_reference_refuses_are_refused(
    team: FoundedTeam, change: dict[str, object]
) -> None:
    sealer = KeyedSealer(_key(team.gateway), team.gateway, team.team_id)
    fields = dataclasses.replace(_fields(team.team_id), **change)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="field length|start at 1|author_prev|out of range|epoch"):
        sealer.seal(fields, b"x", os.urandom(12))


def test_a_short_nonce_is_refused(team: FoundedTeam) -> None:
    sealer = KeyedSealer(_key(team.gateway), team.gateway, team.team_id)
    with pytest.raises(ValueError, match="field length"):
        sealer.seal(_fields(team.team_id), b"x", os.urandom(11))
