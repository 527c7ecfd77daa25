"""The fallback key file (crypto.md §3.15 item 4). Argon2id costs ~0.1 s: few KDF runs here.

The golden vector test opens a frozen file (NFC handling included); this module adds the wrong
passphrase and everything refused before the KDF runs.
"""

from __future__ import annotations

import contextlib
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.errors import KeystoreRejected
from app.crypto.keystore import (
    KeystoreHeader,
    open_keystore,
    parse_keystore,
    seal_keystore,
)
from tests.unit.crypto import golden

HEADER_LEN = 4 + 2 + 1 + 16 + 4 + 4 + 4 + 12
T_OFFSET = 4 + 2 + 1 + 16


@cache
def frozen() -> bytes:
    return bytes.fromhex(golden.load("keystore")["file"])


def with_params(data: bytes, t: int, m: int, p: int) -> bytes:
    params = t.to_bytes(4, "big") + m.to_bytes(4, "big") + p.to_bytes(4, "big")
    return data[:T_OFFSET] + params + data[T_OFFSET + 12 :]


def rejected(data: bytes, passphrase: str = golden.KEYSTORE_PASSPHRASE) -> str:
    with pytest.raises(KeystoreRejected) as info:
        open_keystore(data, passphrase)
    return info.value.reason


def test_layout() -> None:
    parsed = parse_keystore(frozen())
    assert parsed.header_bytes == frozen()[:HEADER_LEN] == parsed.header.encode()
    assert (parsed.header.iterations, parsed.header.memory_kib, parsed.header.lanes) == (
        3,
        65536,
        4,
    )
    assert len(parsed.sealed) == 64 + 16


def test_wrong_passphrase() -> None:
    assert rejected(frozen(), "correct horse battery staple") == "decrypt"


@pytest.mark.parametrize(
    ("t", "m", "p", "expected"),
    [
        (2, 65536, 4, "weak-kdf"),
        (3, 65535, 4, "weak-kdf"),
        (1, 8, 1, "weak-kdf"),
        (65, 65536, 4, "kdf-limits"),
        (3, 1 << 31, 4, "kdf-limits"),
        (3, 65536, 0, "kdf-limits"),
    ],
)
def test_parameters_are_refused_before_the_kdf(t: int, m: int, p: int, expected: str) -> None:
    assert rejected(with_params(frozen(), t, m, p)) == expected


def test_seal_refuses_weak_parameters() -> None:
    with pytest.raises(ValueError, match="weak-kdf"):
        seal_keystore(b"secret", "pw", t=2)
    with pytest.raises(ValueError, match="too long"):
        seal_keystore(bytes(5000), "pw")


def test_strict_parse() -> None:
    data = frozen()
    assert rejected(data + b"\0") == "parse"
    assert rejected(data[:-1]) == "parse"
    assert rejected(b"XBKS" + data[4:]) == "parse"
    assert rejected(data[:4] + b"\0\2" + data[6:]) == "format"
    assert rejected(data[:6] + b"\2" + data[7:]) == "kdf"


def test_header_problem_is_none_at_the_floor() -> None:
    assert KeystoreHeader(bytes(16), 3, 65536, 4, bytes(12)).problem() is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_parser_raises_only_keystore_rejected(data: bytes) -> None:
    with contextlib.suppress(KeystoreRejected):
        parse_keystore(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_parser_fuzz_behind_valid_magic(tail: bytes) -> None:
    with contextlib.suppress(KeystoreRejected):
        parse_keystore(frozen()[:7] + tail)
