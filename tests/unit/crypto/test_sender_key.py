"""Gateway sender keys (types 6 and 7, security.md 2.12): sealed once, used per event, bound to
their author and epoch, tamper-evident."""

from __future__ import annotations

import os

import pytest

from app.crypto.envelope import parse_envelope, verify_signature
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.header import EventType
from app.crypto.sender_key import (
    SenderKey,
    key_id_of,
    new_sender_key,
    open_keyed_event,
    open_sender_key,
    seal_keyed_event,
    seal_sender_key,
)
from app.domain.ids import EventId
from tests.unit.crypto.helpers import GATEWAY, MEMBER, TEAM, Team, build_team, event_id, fields

_team = build_team()


def team() -> Team:
    return _team


def key_envelope(sender: SenderKey) -> bytes:
    f = fields(team(), "key")
    return seal_sender_key(
        fields=f, sender_key=sender, inbound_public=team().epoch.inbound_public, signer=GATEWAY
    )


def sender(label: str = "key", epoch: int = 1) -> SenderKey:
    return new_sender_key(GATEWAY.device_id, event_id(label), epoch)


def keyed(sender_key: SenderKey, plaintext: bytes = b"hello customer", label: str = "e2") -> bytes:
    return seal_keyed_event(
        fields=fields(team(), label, seq=2, prev=b"p" * 32),
        plaintext=plaintext,
        sender_key=sender_key,
        signer=GATEWAY,
    )


def verified(data: bytes):  # type: ignore[no-untyped-def]
    return verify_signature(parse_envelope(data, team_id=TEAM), GATEWAY.public().sig)


def test_a_sender_key_travels_sealed_to_the_epoch_and_opens_there() -> None:
    key = sender()
    data = key_envelope(key)
    envelope = verified(data)
    assert envelope.header.event_type is EventType.SENDER_KEY
    assert key.key not in data
    assert open_sender_key(envelope, team().epoch) == key


def test_a_sender_key_of_another_epoch_does_not_open() -> None:
    later = EpochSecrets.derive(os.urandom(32), TEAM, 2)
    envelope = verified(key_envelope(sender()))
    with pytest.raises(Undecryptable, match="epoch"):
        open_sender_key(envelope, later)
    # Past the epoch check: the other epoch's private key does not open it either.
    other_n1 = EpochSecrets.derive(os.urandom(32), TEAM, 1)
    with pytest.raises(Undecryptable, match="decrypt"):
        open_sender_key(envelope, other_n1)


def test_events_under_the_key_round_trip_and_name_it() -> None:
    key = sender()
    data = keyed(key)
    envelope = verified(data)
    assert envelope.header.event_type is EventType.KEYED_GATEWAY
    assert key_id_of(envelope) == key.key_id
    assert open_keyed_event(envelope, key) == b"hello customer"
    assert b"hello customer" not in data


def test_a_wrong_key_under_the_same_id_fails_the_key_commitment() -> None:
    key = sender()
    impostor = SenderKey(key.author, key.key_id, key.epoch, os.urandom(32))
    with pytest.raises(Undecryptable, match="key-commit"):
        open_keyed_event(verified(keyed(key)), impostor)


def test_a_key_is_never_carried_into_another_epoch_or_author() -> None:
    key = sender()
    envelope = verified(keyed(key))
    with pytest.raises(Undecryptable, match="sender-key-epoch"):
        open_keyed_event(envelope, SenderKey(key.author, key.key_id, 2, key.key))
    with pytest.raises(Undecryptable, match="sender-key-author"):
        open_keyed_event(envelope, SenderKey(MEMBER.device_id, key.key_id, 1, key.key))
    with pytest.raises(Undecryptable, match="sender-key-id"):
        open_keyed_event(envelope, sender("other"))
    # The gateway cannot seal an epoch-2 event under an epoch-1 key, nor in another's name.
    with pytest.raises(ValueError, match="epoch"):
        seal_keyed_event(
            fields=fields(team(), "e3"),
            plaintext=b"x",
            sender_key=SenderKey(key.author, key.key_id, 2, key.key),
            signer=GATEWAY,
        )


@pytest.mark.parametrize("where", [190, 200, 230, -70, -1])
def test_any_flipped_bit_is_refused(where: int) -> None:
    data = bytearray(keyed(sender()))
    data[where] ^= 1
    with pytest.raises((BadSignature, Malformed)):
        verified(bytes(data))


def test_the_key_id_is_signed_and_bound() -> None:
    key, other = sender(), sender("other")
    data = keyed(key)
    # Swap the named key id (bytes 191-206: after the header and the body length).
    swapped = data[:191] + other.key_id + data[207:]
    with pytest.raises(BadSignature):
        verified(swapped)


def test_lengths_are_checked_before_anything_opens() -> None:
    data = keyed(sender())
    envelope = verified(data)
    assert len(envelope.body) == 16 + 256 + 16  # key id, one padding bucket, tag
    with pytest.raises(Malformed, match="type"):
        key_id_of(verified(key_envelope(sender())))
    assert EventId(key_id_of(envelope)) == event_id("key")
