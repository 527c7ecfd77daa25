"""Library smoke test (crypto.md §6 item 8, crypto part): the installed `cryptography` has what
the design relies on."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def test_hpke_round_trip_and_info_binding() -> None:
    key = X25519PrivateKey.generate()
    blob = SUITE.encrypt(b"seed", key.public_key(), info=b"switchboard/v1 test")
    assert len(blob) == 32 + 4 + 16  # enc ‖ ct ‖ tag
    assert SUITE.decrypt(blob, key, info=b"switchboard/v1 test") == b"seed"
    with pytest.raises(InvalidTag):
        SUITE.decrypt(blob, key, info=b"switchboard/v1 other")


def test_argon2id_exists() -> None:
    # Tiny parameters: this checks the API, not the cost (the keystore enforces the floor).
    kdf = Argon2id(salt=bytes(16), length=32, iterations=1, lanes=1, memory_cost=8)
    assert len(kdf.derive(b"passphrase")) == 32
