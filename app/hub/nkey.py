"""NATS nkey text for our raw Ed25519 hub keys (team-setup.md §1, §4).

An nkey is base32 (RFC 4648, no padding) of ``prefix ‖ key ‖ CRC-16/XMODEM little-endian``.
Users start with ``U``, their seeds with ``SU``. Pure: the nats-server config wants the public
text, nats-py's login wants the seed text; tests check both against the ``nkeys`` package.
"""

from __future__ import annotations

import base64
import re

__all__ = ["KEY_LEN", "decode_user_public", "decode_user_seed", "user_public", "user_seed"]

KEY_LEN = 32
"""Raw Ed25519 public keys and seeds are 32 bytes."""

_PREFIX_USER = 20 << 3  # base32 'U'
_PREFIX_SEED = 18 << 3  # base32 'S'
_USER_TEXT = re.compile(r"^U[A-Z2-7]{55}$")


def _crc16(data: bytes) -> int:
    """CRC-16/XMODEM (polynomial 0x1021, initial 0), as the nkeys format uses."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def _encode(raw: bytes) -> str:
    return base64.b32encode(raw + _crc16(raw).to_bytes(2, "little")).decode().rstrip("=")


def user_public(public: bytes) -> str:
    """The ``U…`` nkey of a raw 32-byte Ed25519 public key.

    Raises:
        ValueError: ``public`` is not 32 bytes.
    """
    if len(public) != KEY_LEN:
        raise ValueError("a hub key is 32 bytes")
    return _encode(bytes([_PREFIX_USER]) + public)


def user_seed(seed: bytes) -> str:
    """The ``SU…`` nkey seed of a raw 32-byte Ed25519 seed, for nats-py's ``nkeys_seed_str``.

    Raises:
        ValueError: ``seed`` is not 32 bytes.
    """
    if len(seed) != KEY_LEN:
        raise ValueError("a hub key seed is 32 bytes")
    header = bytes([_PREFIX_SEED | _PREFIX_USER >> 5, (_PREFIX_USER & 31) << 3])
    return _encode(header + seed)


def decode_user_public(text: str) -> bytes:
    """The raw public key of a ``U…`` nkey, checksum verified.

    Raises:
        ValueError: Not a well-formed user nkey.
    """
    if not _USER_TEXT.match(text):
        raise ValueError("not a user nkey")
    raw = base64.b32decode(text + "=" * (-len(text) % 8))
    body, crc = raw[:-2], int.from_bytes(raw[-2:], "little")
    if len(body) != KEY_LEN + 1 or body[0] != _PREFIX_USER or _crc16(body) != crc:
        raise ValueError("not a user nkey")
    return body[1:]


def decode_user_seed(text: str) -> bytes:
    """The raw 32-byte seed of an ``SU…`` nkey seed, checksum verified.

    Raises:
        ValueError: Not a well-formed user seed.
    """
    if not re.fullmatch(r"SU[A-Z2-7]{56}", text):
        raise ValueError("not a user nkey seed")
    raw = base64.b32decode(text + "=" * (-len(text) % 8))
    body, crc = raw[:-2], int.from_bytes(raw[-2:], "little")
    if len(body) != KEY_LEN + 2 or _crc16(body) != crc or user_seed(body[2:]) != text:
        raise ValueError("not a user nkey seed")
    return body[2:]
