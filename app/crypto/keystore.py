"""The fallback key file `keystore.v1` (crypto.md §3.15 item 4), as pure bytes in and out.

    header = "SBKS" ‖ u16 format ‖ u8 kdf ‖ salt(16) ‖ u32 t ‖ u32 m ‖ u32 p ‖ nonce(12)
    file   = header ‖ var ChaCha20-Poly1305(KEK, secret, aad = "switchboard/v1 keystore" ‖ header)
    KEK    = Argon2id(NFC passphrase, salt, iterations=t, lanes=p, memory_cost=m KiB)

The parameters sit in the header so they can be tuned per machine, and the header is associated
data, so editing it breaks decryption. Editing it *down* could still make the KDF cheap for a
guesser who rebuilds the file, so `open_keystore` refuses anything under the floor (t ≥ 3,
m ≥ 64 MiB) before running the KDF, and anything absurdly high, so a tampered file cannot stall
or exhaust the machine either. The KDF takes tenths of a second: callers run it in an executor.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError, KeystoreRejected
from app.crypto.primitives import KEY_LEN, NONCE_LEN, Rng, aead_open, aead_seal

MAGIC = b"SBKS"
FORMAT = 1
KDF_ARGON2ID = 1
SALT_LEN = 16
MIN_ITERATIONS = 3
MIN_MEMORY_KIB = 64 * 1024
MAX_ITERATIONS = 64
MAX_MEMORY_KIB = 1024 * 1024
MAX_LANES = 16
MAX_SECRET = 4096
"""The DMK plus the chain-head anchor is ~100 bytes; this bounds a corrupt length field."""


@dataclass(frozen=True, slots=True)
class KeystoreHeader:
    """The KDF parameters and nonce of a key file."""

    salt: bytes
    iterations: int
    """Argon2id `t`."""
    memory_kib: int
    """Argon2id `m`, in KiB."""
    lanes: int
    """Argon2id `p`."""
    nonce: bytes

    def problem(self) -> str | None:
        """Why these parameters are refused ("weak-kdf" or "kdf-limits"), or None."""
        if self.iterations < MIN_ITERATIONS or self.memory_kib < MIN_MEMORY_KIB:
            return "weak-kdf"
        too_high = self.iterations > MAX_ITERATIONS or self.memory_kib > MAX_MEMORY_KIB
        if too_high or not 1 <= self.lanes <= MAX_LANES:
            return "kdf-limits"
        return None

    def encode(self) -> bytes:
        """The canonical header bytes (also the AEAD associated data, after the label)."""
        w = Writer().fixed(MAGIC, len(MAGIC)).u16(FORMAT).u8(KDF_ARGON2ID)
        w.fixed(self.salt, SALT_LEN).u32(self.iterations).u32(self.memory_kib).u32(self.lanes)
        return w.fixed(self.nonce, NONCE_LEN).getvalue()


@dataclass(frozen=True, slots=True)
class KeystoreFile:
    """A parsed key file: the exact header bytes and the sealed secret."""

    header: KeystoreHeader
    header_bytes: bytes
    sealed: bytes


def parse_keystore(data: bytes) -> KeystoreFile:
    """Strictly parses a key file without running the KDF or checking the floor.

    Raises:
        KeystoreRejected: "parse" (malformed, truncated, trailing bytes), "format" or "kdf"
            (unknown format version or KDF).
    """
    try:
        r = Reader(data, max_var=MAX_SECRET + 16)
        if r.fixed(len(MAGIC)) != MAGIC:
            raise KeystoreRejected("parse")
        if r.u16() != FORMAT:
            raise KeystoreRejected("format")
        if r.u8() != KDF_ARGON2ID:
            raise KeystoreRejected("kdf")
        header = KeystoreHeader(r.fixed(SALT_LEN), r.u32(), r.u32(), r.u32(), r.fixed(NONCE_LEN))
        header_len = len(data) - r.remaining
        sealed = r.var()
        r.finish()
    except DecodeError:
        raise KeystoreRejected("parse") from None
    return KeystoreFile(header, bytes(data[:header_len]), sealed)


def seal_keystore(
    secret: bytes,
    passphrase: str,
    rng: Rng = os.urandom,
    *,
    t: int = MIN_ITERATIONS,
    m: int = MIN_MEMORY_KIB,
    p: int = 4,
) -> bytes:
    """Encrypts `secret` (DMK ‖ anchor) under a passphrase.

    Args:
        secret: What to protect, at most `MAX_SECRET` bytes.
        passphrase: From a Qt dialog, never stdin.
        rng: Random source for the salt and nonce.
        t: Argon2id iterations (≥ 3).
        m: Argon2id memory in KiB (≥ 64 MiB); tune t and m to ~0.5 s at creation.
        p: Argon2id lanes.

    Raises:
        ValueError: Parameters outside the accepted range, or the secret is too long.
    """
    header = KeystoreHeader(rng(SALT_LEN), t, m, p, rng(NONCE_LEN))
    problem = header.problem()
    if problem or len(secret) > MAX_SECRET:
        raise ValueError(problem or "secret too long")
    header_bytes = header.encode()
    sealed = aead_seal(_kek(passphrase, header), header.nonce, secret, _aad(header_bytes))
    return Writer().fixed(header_bytes, len(header_bytes)).var(sealed).getvalue()


def open_keystore(data: bytes, passphrase: str) -> bytes:
    """Decrypts a key file, refusing parameters under the floor before any KDF work.

    Raises:
        KeystoreRejected: "parse", "format", "kdf", "weak-kdf", "kdf-limits", or "decrypt"
            (wrong passphrase or a tampered file; AEAD cannot tell which).
    """
    parsed = parse_keystore(data)
    problem = parsed.header.problem()
    if problem:
        raise KeystoreRejected(problem)
    kek = _kek(passphrase, parsed.header)
    secret = aead_open(kek, parsed.header.nonce, parsed.sealed, _aad(parsed.header_bytes))
    if secret is None:
        raise KeystoreRejected("decrypt")
    return secret


def _kek(passphrase: str, header: KeystoreHeader) -> bytes:
    # NFC: the same passphrase typed on different systems may arrive composed or decomposed.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(
        salt=header.salt,
        length=KEY_LEN,
        iterations=header.iterations,
        lanes=header.lanes,
        memory_cost=header.memory_kib,
    )
    return kdf.derive(secret)


def _aad(header_bytes: bytes) -> bytes:
    return labels.KEYSTORE + header_bytes
