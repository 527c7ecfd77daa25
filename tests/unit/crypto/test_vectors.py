"""Golden vectors: any change to a wire format or derivation shows up as a reviewed diff.

Regenerate with `python -m tests.unit.crypto.golden` only for a deliberate format change.
"""

from __future__ import annotations

import unicodedata

import pytest

from app.crypto.chain import ChainState, open_seed_box, parse_link, team_name
from app.crypto.envelope import open_member_event, open_sealed, parse_envelope, verify_signature
from app.crypto.epoch import EpochSecrets
from app.crypto.keystore import open_keystore
from app.crypto.sender_key import open_keyed_event, open_sender_key
from tests.unit.crypto import golden
from tests.unit.crypto.helpers import FINGERPRINT, GATEWAY, MEMBER, ROOT, TEAM


@pytest.mark.parametrize(
    ("name", "compute"),
    [
        ("keys", golden.keys_vector),
        ("epoch", golden.epoch_vector),
        ("padding", golden.padding_vector),
        ("envelope_type1", golden.envelope_vector),
        ("envelope_type7", golden.keyed_vector),
        ("keystore", golden.keystore_vector),
    ],
)
def test_deterministic_vector_matches(name: str, compute: object) -> None:
    assert callable(compute)
    assert compute() == golden.load(name)


def test_chain_vector_matches_around_frozen_box() -> None:
    frozen = golden.load("chain")
    assert golden.chain_vector(frozen) == frozen


def test_frozen_chain_validates_and_root_box_opens() -> None:
    vector = golden.load("chain")
    state = ChainState.genesis(TEAM, FINGERPRINT)
    state = state.apply(bytes.fromhex(vector["create_team"]))
    state = state.apply(bytes.fromhex(vector["add_gateway"]))
    assert state.head_hash.hex() == vector["add_gateway_hash"]
    seed = open_seed_box(state, ROOT)
    assert seed.hex() == vector["seed"]
    assert team_name(state, EpochSecrets.derive(seed, TEAM, 1)) == "Acme Bikes"
    assert (
        parse_link(bytes.fromhex(vector["create_team"])).link_hash.hex()
        == (vector["create_team_hash"])
    )


def test_frozen_type1_envelope_opens() -> None:
    vector = golden.load("envelope_type1")
    parsed = parse_envelope(bytes.fromhex(vector["envelope"]), team_id=TEAM)
    verified = verify_signature(parsed, MEMBER.public().sig)
    assert (
        open_member_event(verified, EpochSecrets.derive(golden.SEED, TEAM, 1)) == golden.PLAINTEXT
    )


def test_frozen_type2_envelope_opens() -> None:
    vector = golden.load("envelope_type2")
    parsed = parse_envelope(bytes.fromhex(vector["envelope"]), team_id=TEAM)
    assert parsed.header == parsed.header.build(
        parsed.header.event_type, GATEWAY.device_id, golden.header_fields("golden-inbound")
    )
    verified = verify_signature(parsed, GATEWAY.public().sig)
    epoch = EpochSecrets.derive(golden.SEED, TEAM, 1)
    assert open_sealed(verified, epoch.inbound_kem).hex() == vector["plaintext"]


def test_frozen_sender_key_opens_and_its_event_too() -> None:
    vector = golden.load("envelope_type6")
    parsed = parse_envelope(bytes.fromhex(vector["envelope"]), team_id=TEAM)
    assert parsed.header == parsed.header.build(
        parsed.header.event_type, GATEWAY.device_id, golden.header_fields("golden-sender-key")
    )
    verified = verify_signature(parsed, GATEWAY.public().sig)
    key = open_sender_key(verified, EpochSecrets.derive(golden.SEED, TEAM, 1))
    assert key == golden.SENDER_KEY
    assert key.key.hex() == vector["sender_key"]
    keyed = golden.load("envelope_type7")
    event = verify_signature(
        parse_envelope(bytes.fromhex(keyed["envelope"]), team_id=TEAM), GATEWAY.public().sig
    )
    assert open_keyed_event(event, key) == golden.PLAINTEXT


def test_frozen_keystore_opens_with_decomposed_passphrase() -> None:
    vector = golden.load("keystore")
    # The same passphrase as typed where "ä" arrives as "a" + combining diaeresis.
    decomposed = unicodedata.normalize("NFD", vector["passphrase"])
    assert decomposed != vector["passphrase"]
    assert open_keystore(bytes.fromhex(vector["file"]), decomposed).hex() == vector["secret"]
