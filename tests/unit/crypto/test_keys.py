"""Device keys, at-rest keys, private-key wrapping and the team fingerprint."""

from __future__ import annotations

import pytest

from app.crypto.errors import Malformed, Undecryptable
from app.crypto.fingerprint import display_fingerprint, team_fingerprint
from app.crypto.keys import (
    DeviceKeys,
    DevicePublic,
    db_key,
    device_id,
    generate_device_keys,
    unwrap_private,
    vault_key,
    wrap_private,
)
from app.crypto.primitives import sha256
from app.domain.ids import TeamId
from tests.unit.crypto.helpers import ROOT, TEAM, DetRng

DMK = DetRng(b"dmk")(32)


def test_device_id_is_truncated_hash_of_sig_public() -> None:
    public = ROOT.public()
    assert device_id(public.sig) == sha256(public.sig)[:16] == ROOT.device_id == public.device_id


def test_generation_is_driven_by_rng() -> None:
    assert (
        generate_device_keys(DetRng(b"x")).public() == generate_device_keys(DetRng(b"x")).public()
    )
    assert generate_device_keys().public() != generate_device_keys().public()


def test_private_bytes_round_trip() -> None:
    raw = ROOT.private_bytes()
    assert len(raw) == 96
    back = DeviceKeys.from_private_bytes(raw)
    assert back.public() == ROOT.public()
    assert back.hub_public == ROOT.hub_public
    assert back.hub_seed() == ROOT.hub_seed() == raw[64:]
    with pytest.raises(ValueError, match="96 bytes"):
        DeviceKeys.from_private_bytes(raw[:-1])


def test_hub_key_is_separate_from_the_signing_key() -> None:
    assert len(ROOT.hub_public) == 32
    assert ROOT.hub_public not in (ROOT.public().sig, ROOT.public().kem)
    # The first 64 bytes of the rng still make the same device: ids did not move.
    raw = DetRng(b"keys/root")(96)
    assert ROOT.private_bytes() == raw


def test_repr_hides_private_keys() -> None:
    text = repr(ROOT)
    assert ROOT.device_id.hex() in text
    assert ROOT.private_bytes()[:8].hex() not in text


def test_public_lengths_are_checked() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        DevicePublic(sig=bytes(31), kem=bytes(32))
    with pytest.raises(ValueError, match="32 bytes"):
        device_id(bytes(33))


def test_db_and_vault_keys_are_distinct_and_stable() -> None:
    assert db_key(DMK) == db_key(DMK)
    assert len({db_key(DMK), vault_key(DMK), DMK}) == 3


def test_wrap_round_trip_and_binding() -> None:
    vault = vault_key(DMK)
    wrapped = wrap_private(vault, ROOT.private_bytes(), context=b"device")
    assert unwrap_private(vault, wrapped, context=b"device") == ROOT.private_bytes()
    with pytest.raises(Undecryptable, match="decrypt"):
        unwrap_private(vault, wrapped, context=b"seed")
    with pytest.raises(Undecryptable, match="decrypt"):
        unwrap_private(db_key(DMK), wrapped, context=b"device")
    tampered = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(Undecryptable, match="decrypt"):
        unwrap_private(vault, tampered, context=b"device")
    with pytest.raises(Malformed, match="version"):
        unwrap_private(vault, b"\x02" + wrapped[1:], context=b"device")
    with pytest.raises(Malformed, match="parse"):
        unwrap_private(vault, wrapped + b"\0", context=b"device")


def test_fingerprint_binds_team_and_root() -> None:
    fp = team_fingerprint(TEAM, ROOT.public().sig)
    assert len(fp) == 32
    assert fp != team_fingerprint(TeamId(bytes(16)), ROOT.public().sig)
    shown = display_fingerprint(fp)
    groups = shown.split(" ")
    assert len(groups) == 8
    assert all(len(g) == 4 for g in groups)
    assert "".join(groups) == fp[:16].hex()
    with pytest.raises(ValueError, match="16 bytes"):
        team_fingerprint(TeamId(bytes(15)), ROOT.public().sig)
