"""The one-time setup code that lets the first device found a team on a fresh hub (§4).

It is an invite-format code (``app.crypto.enroll.code``: 12 random bytes and a 4-bit checksum,
``ABCD-EFGH-IJKL-MNOP-QRST``, typed forgivingly), and the setup user's nkey seed is
``HKDF(code bytes, "switchboard/v1 hub-setup")`` (``app.crypto.enroll.hub_setup_key``), so the
hub and the founding device derive the same login from the code alone. The code is a secret:
it is printed once for the operator, and never logged or stored.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from app.crypto.enroll import InviteCode, InviteCodeError, hub_setup_key, new_invite_code

__all__ = [
    "SetupCodeInvalid",
    "new_setup_code",
    "parse_setup_code",
    "setup_public",
    "setup_seed",
]

SetupCodeInvalid = InviteCodeError
"""A typed code that cannot be a setup code (``reason``: "length", "character", "checksum")."""


def new_setup_code(rng: Callable[[int], bytes] = os.urandom) -> str:
    """A fresh code in display form."""
    return str(new_invite_code(rng))


def parse_setup_code(text: str) -> bytes:
    """The 12 code bytes of a typed code.

    Raises:
        SetupCodeInvalid: Wrong length, a character outside base32, or a bad checksum.
    """
    return InviteCode.parse(text).raw


def setup_seed(code: bytes) -> bytes:
    """The setup user's raw Ed25519 seed: ``HKDF(code bytes, hub-setup)``."""
    return hub_setup_key(InviteCode(code)).private_bytes_raw()


def setup_public(code: bytes) -> bytes:
    """The setup user's raw Ed25519 public key (what the hub lists as a user)."""
    return hub_setup_key(InviteCode(code)).public_key().public_bytes_raw()
