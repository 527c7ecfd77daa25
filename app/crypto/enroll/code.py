"""Invite and hub set-up codes (docs/internals/team-setup.md §3): 96 random bits people type.

12 random bytes and a 4-bit checksum make 100 bits, shown as 20 characters of the RFC 4648
base32 alphabet in groups of four: `ABCD-EFGH-IJKL-MNOP-QRST`. Typing is forgiving: case,
spaces and dashes do not matter, and `0`, `1`, `8` (absent from the alphabet) are read as `O`,
`I`, `B`. The checksum (the top 4 bits of `SHA256(code bytes)`) catches 15 of 16 typos before any
network or Argon2id work, so a mistyped code gets a clear error at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from app.crypto.primitives import Rng, sha256

CODE_BYTES = 12
CODE_CHARS = 20
GROUP = 4
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_READ_AS = str.maketrans({"0": "O", "1": "I", "8": "B"})
_IGNORED = str.maketrans("", "", " -\t")


class InviteCodeError(ValueError):
    """A typed code that cannot be a code: the user mistyped it.

    `reason` is "length" (not 20 characters), "character" (a character outside the alphabet)
    or "checksum" (right shape, but a character is wrong).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _checksum(raw: bytes) -> int:
    return sha256(raw)[0] >> 4


@dataclass(frozen=True, slots=True)
class InviteCode:
    """A code as bytes. `str()` gives the display form; `repr` hides it."""

    raw: bytes = field(repr=False)
    """The 12 random bytes every derivation starts from."""

    def __post_init__(self) -> None:
        if len(self.raw) != CODE_BYTES:
            raise ValueError("an invite code is 12 bytes")

    def __str__(self) -> str:
        value = int.from_bytes(self.raw, "big") << 4 | _checksum(self.raw)
        chars = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CODE_CHARS)))
        return "-".join(chars[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))

    @classmethod
    def parse(cls, text: str) -> InviteCode:
        """Reads a code as a person typed it.

        Raises:
            InviteCodeError: "length", "character" or "checksum".
        """
        chars = text.translate(_IGNORED).upper().translate(_READ_AS)
        if len(chars) != CODE_CHARS:
            raise InviteCodeError("length")
        value = 0
        for char in chars:
            index = ALPHABET.find(char)
            if index < 0:
                raise InviteCodeError("character")
            value = value << 5 | index
        raw = (value >> 4).to_bytes(CODE_BYTES, "big")
        if value & 0xF != _checksum(raw):
            raise InviteCodeError("checksum")
        return cls(raw)


def new_invite_code(rng: Rng = os.urandom) -> InviteCode:
    """Draws a fresh code (also used for the hub's one-time set-up code)."""
    return InviteCode(rng(CODE_BYTES))


def is_valid_code(text: str) -> bool:
    """Whether `text` reads as a code (length, alphabet and checksum): for live feedback while
    a person types, with no I/O and no Argon2id."""
    try:
        InviteCode.parse(text)
    except InviteCodeError:
        return False
    return True
