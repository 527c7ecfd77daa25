"""Our nkey text for raw hub keys matches the nkeys package nats-py logs in with."""

from __future__ import annotations

import hashlib
import os

import nkeys  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.hub.nkey import decode_user_public, decode_user_seed, user_public, user_seed


# A fixed "random-looking" seed rather than os.urandom: parameters must be the same in every
# collection (pytest-xdist workers compare them).
@pytest.mark.parametrize(
    "seed",
    [bytes(32), b"\xff" * 32, bytes(range(32)), hashlib.sha256(b"nkey").digest()],
    ids=["zeros", "ones", "counting", "hashed"],
)
def test_seed_and_public_text_match_the_nkeys_package(seed: bytes) -> None:
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()

    text = user_seed(seed)
    pair = nkeys.from_seed(bytearray(text.encode()))

    assert text == nkeys.encode_seed(seed, nkeys.PREFIX_BYTE_USER).decode()
    assert text.startswith("SU")
    assert user_public(public) == pair.public_key.decode()
    assert decode_user_public(user_public(public)) == public
    assert decode_user_seed(text) == seed


def test_a_changed_character_fails_the_checksum() -> None:
    text = user_public(os.urandom(32))
    flipped = text[:10] + ("A" if text[10] != "A" else "B") + text[11:]

    with pytest.raises(ValueError, match="not a user nkey"):
        decode_user_public(flipped)


@pytest.mark.parametrize("bad", ["", "SU", "N" + "A" * 55, "U" + "a" * 55, "U" + "A" * 56])
def test_malformed_text_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a user nkey"):
        decode_user_public(bad)
    with pytest.raises(ValueError, match="not a user nkey seed"):
        decode_user_seed(bad)


def test_keys_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        user_public(b"x" * 31)
    with pytest.raises(ValueError, match="32 bytes"):
        user_seed(b"x" * 33)
