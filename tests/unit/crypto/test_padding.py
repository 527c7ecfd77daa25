"""Padding buckets (crypto.md §3.2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.errors import Malformed
from app.crypto.padding import bucket_size, is_bucket_size, pad, padded_size, unpad


@pytest.mark.parametrize(
    ("body_len", "size"),
    [(0, 256), (252, 256), (253, 512), (4092, 4096), (4093, 8192), (8188, 8192), (8189, 16384)],
)
def test_buckets(body_len: int, size: int) -> None:
    assert padded_size(body_len) == size
    assert len(pad(bytes(body_len))) == size


def test_bucket_sizes() -> None:
    assert [s for s in range(1, 9000) if is_bucket_size(s)] == [
        *range(256, 4097, 256),
        8192,
    ]
    assert bucket_size(1) == 256


def test_layout() -> None:
    assert pad(b"hi") == b"\0\0\0\2hi" + bytes(250)


@pytest.mark.parametrize(
    "padded",
    [
        b"",
        b"\0\0\0",
        b"\0\0\0\2hi" + bytes(249),  # not a bucket size
        b"\0\0\0\2hi" + bytes(249) + b"\1",  # non-zero padding
        b"\0\0\1\0" + bytes(252),  # length beyond the data
        b"\0\0\0\2hi" + bytes(506),  # a bigger bucket than the length needs
    ],
)
def test_unpad_is_strict(padded: bytes) -> None:
    with pytest.raises(Malformed, match="padding"):
        unpad(padded)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=5000))
def test_round_trip(body: bytes) -> None:
    padded = pad(body)
    assert is_bucket_size(len(padded))
    assert unpad(padded) == body
