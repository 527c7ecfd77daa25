"""Team and device names sealed under an epoch, so chain links keep names off the server.

`name_key[n] = HKDF(seed[n], name-key ‖ suite ‖ team ‖ n)`; a name is
`nonce(12) ‖ ChaCha20-Poly1305(name_key, nonce, pad(UTF-8 name), aad = team ‖ u64 n ‖ kind ‖
subject)`, where the subject is the team id (team name) or the device id (display name), so a
sealed name cannot be moved to another device or epoch. Names are capped at 252 UTF-8 bytes:
every blob then pads to one 256-byte bucket and is exactly `NAME_BLOB_LEN` long, hiding lengths.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

from app.crypto.encoding import Writer
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import DecodeError, Undecryptable
from app.crypto.padding import pad, padded_size, unpad
from app.crypto.primitives import NONCE_LEN, TAG_LEN, Rng, aead_open, aead_seal
from app.domain.ids import ID_LEN

MAX_NAME_BYTES = 252
NAME_BLOB_LEN = NONCE_LEN + padded_size(MAX_NAME_BYTES) + TAG_LEN


class NameKind(enum.IntEnum):
    """What a sealed name names. Values are wire format (they enter the AAD)."""

    TEAM = 1
    DEVICE = 2


@dataclass(frozen=True, slots=True)
class SealedName:
    """A name as a chain link carries it; `open` needs the secrets of `epoch`."""

    epoch: int
    kind: NameKind
    subject: bytes
    """The team id (team name) or device id (display name) the name is bound to."""
    blob: bytes

    def open(self, secrets: EpochSecrets) -> str:
        """Decrypts the name.

        Raises:
            Undecryptable: "epoch" if `secrets` are of another epoch, "decrypt" on a wrong key or
                tampered blob.
            Malformed: The plaintext is not canonically padded UTF-8.
        """
        if secrets.n != self.epoch:
            raise Undecryptable("epoch")
        if len(self.blob) != NAME_BLOB_LEN:
            raise DecodeError("length")
        nonce, sealed = self.blob[:NONCE_LEN], self.blob[NONCE_LEN:]
        aad = _aad(secrets, self.kind, self.subject)
        padded = aead_open(secrets.name_key, nonce, sealed, aad)
        if padded is None:
            raise Undecryptable("decrypt")
        try:
            return unpad(padded).decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError("utf8") from None


def seal_name(
    secrets: EpochSecrets, kind: NameKind, subject: bytes, name: str, rng: Rng = os.urandom
) -> SealedName:
    """Seals `name` under the epoch's name key.

    Raises:
        ValueError: Empty name, or longer than `MAX_NAME_BYTES` in UTF-8.
    """
    raw = name.encode("utf-8")
    if not 0 < len(raw) <= MAX_NAME_BYTES:
        raise ValueError(f"names are 1 to {MAX_NAME_BYTES} UTF-8 bytes")
    nonce = rng(NONCE_LEN)
    sealed = aead_seal(secrets.name_key, nonce, pad(raw), _aad(secrets, kind, subject))
    return SealedName(secrets.n, kind, subject, nonce + sealed)


def _aad(secrets: EpochSecrets, kind: NameKind, subject: bytes) -> bytes:
    w = Writer().fixed(secrets.team_id, ID_LEN).u64(secrets.n).u8(kind)
    return w.fixed(subject, ID_LEN).getvalue()
