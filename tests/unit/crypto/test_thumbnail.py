"""Sealed thumbnails: only the file's key opens them, and any change to the blob is caught."""

from __future__ import annotations

import os

import pytest

from app.crypto import labels
from app.crypto.errors import Malformed, Undecryptable
from app.crypto.primitives import aead_open, hkdf
from app.crypto.thumbnail import HEADER, open_thumbnail, seal_thumbnail

KEY = bytes(range(32))
PICTURE = b"\x89PNG\r\n\x1a\n" + b"canary-thumbnail" * 20


def test_round_trip_and_no_plaintext_in_the_blob() -> None:
    blob = seal_thumbnail(KEY, PICTURE, os.urandom)
    assert b"canary-thumbnail" not in blob
    assert blob.startswith(HEADER)
    assert open_thumbnail(KEY, blob) == PICTURE


def test_the_format_is_the_documented_one() -> None:
    blob = seal_thumbnail(KEY, PICTURE, lambda n: b"\x07" * n)
    nonce = blob[5:17]
    assert nonce == b"\x07" * 12
    key = hkdf(KEY, labels.MEDIA_THUMBNAIL)
    assert aead_open(key, nonce, blob[17:], HEADER) == PICTURE


def test_each_seal_takes_a_fresh_nonce() -> None:
    assert seal_thumbnail(KEY, PICTURE, os.urandom) != seal_thumbnail(KEY, PICTURE, os.urandom)


def test_another_files_key_does_not_open_it() -> None:
    blob = seal_thumbnail(KEY, PICTURE, os.urandom)
    with pytest.raises(Undecryptable):
        open_thumbnail(bytes(32), blob)


@pytest.mark.parametrize("position", [0, 5, 16, 17, -1])
def test_a_changed_byte_is_refused(position: int) -> None:
    blob = bytearray(seal_thumbnail(KEY, PICTURE, os.urandom))
    blob[position] ^= 1
    with pytest.raises((Malformed, Undecryptable)):
        open_thumbnail(KEY, bytes(blob))


def test_a_short_blob_is_malformed() -> None:
    with pytest.raises(Malformed):
        open_thumbnail(KEY, HEADER + bytes(20))


def test_keys_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        seal_thumbnail(b"short", PICTURE, os.urandom)
