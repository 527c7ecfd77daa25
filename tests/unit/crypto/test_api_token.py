"""Back-office tokens: 256 random bits, and only a hash ever leaves the admin's screen."""

from __future__ import annotations

import os

import pytest

from app.crypto.api_token import PREFIX, hash_matches, new_token, token_hash


def test_a_token_carries_256_random_bits_behind_its_prefix() -> None:
    token = new_token(lambda n: bytes(range(n)))
    assert token.startswith(PREFIX)
    assert len(token) == len(PREFIX) + 43  # 32 bytes in unpadded base64url
    assert new_token(os.urandom) != new_token(os.urandom)


def test_a_short_random_source_is_refused() -> None:
    with pytest.raises(ValueError, match="too few"):
        new_token(lambda n: b"x")


def test_the_hash_matches_its_token_only() -> None:
    token = new_token(os.urandom)
    kept = token_hash(token)
    assert len(kept) == 32
    assert token.encode() not in kept
    assert hash_matches(kept, token)
    assert not hash_matches(kept, token[:-1] + ("A" if token[-1] != "A" else "B"))
    # Fixed: a change of the hash would lock out every system that has a token.
    assert token_hash("sbn_example").hex() == (
        "89c27a244ca57616c0c2b661a4a193d1e6b77ca66087ad513b6c605ee848370b"
    )
