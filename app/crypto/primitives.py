"""Suite 1 (crypto.md §3.2) as a handful of small functions over bytes.

Only this module touches `cryptography`'s primitive classes directly for hashing, HKDF, the AEAD
and HPKE, and libsodium's signing (`Ed25519Signer`), so the suite is visible in one place.
Failures of outside data come back as `False` or `None` from the helpers here; callers turn
them into the typed rejection that fits their step.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.bindings import crypto_sign, crypto_sign_seed_keypair

Rng = Callable[[int], bytes]
"""The injected random source: `rng(n)` returns n random bytes (`os.urandom` in production)."""

VERSION = 1
"""Protocol version carried in envelopes, links and the keystore."""
SUITE_ID = 1
"""The only suite of version 1; there is no negotiation."""
ALLOWED_SUITES: dict[int, frozenset[int]] = {VERSION: frozenset({SUITE_ID})}
"""Suites a receiver accepts, per protocol version."""

KEY_LEN = 32
NONCE_LEN = 12
TAG_LEN = 16
HASH_LEN = 32
SIG_LEN = 64
PUBLIC_LEN = 32
HPKE_ENC_LEN = 32
HPKE_OVERHEAD = HPKE_ENC_LEN + TAG_LEN
"""Bytes HPKE adds to a single-shot plaintext (X25519 `enc` + AEAD tag)."""

_ZERO_SALT = bytes(HASH_LEN)
"""HKDF's salt when none is given (RFC 5869 §2.2): one hash length of zeros."""
_HPKE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def sha256(*parts: bytes) -> bytes:
    """Returns SHA-256 over the concatenated parts."""
    if len(parts) == 1:
        return hashlib.sha256(parts[0]).digest()  # the common case, without the extra calls
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def hkdf(ikm: bytes, info: bytes, length: int = KEY_LEN) -> bytes:
    """HKDF-SHA256 with an all-zero salt; all context lives in `info` (label ‖ context)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(ikm)


class HkdfKey:
    """One input key for many 32-byte `hkdf` outputs: `HkdfKey(ikm).derive(info) ==
    hkdf(ikm, info)`.

    RFC 5869 written out for one hash length: extract `PRK = HMAC(zeros, ikm)` once, then each
    output is `T(1) = HMAC(PRK, info ‖ 0x01)` from a copy of the keyed HMAC. A catching-up desk
    derives one event key per record from the same sender key: ~1.2 µs here against ~3.3 µs
    for a fresh pyca `HKDF` (measured; tests/unit/crypto/test_primitives_fast.py checks that
    both agree). The key stays out of `repr`.
    """

    __slots__ = ("_mac",)

    def __init__(self, ikm: bytes) -> None:
        prk = hmac.digest(_ZERO_SALT, ikm, "sha256")
        self._mac = hmac.new(prk, digestmod=hashlib.sha256)

    def derive(self, info: bytes) -> bytes:
        """`hkdf(ikm, info, KEY_LEN)`."""
        mac = self._mac.copy()
        mac.update(info + b"\x01")
        return mac.digest()

    def __repr__(self) -> str:
        return "HkdfKey(…)"

    def __copy__(self) -> HkdfKey:
        return self  # never changes: `derive` works on a copy of the keyed HMAC

    def __deepcopy__(self, memo: dict[int, object]) -> HkdfKey:
        return self


def hmac_sha256(key: bytes, *parts: bytes) -> bytes:
    """Returns HMAC-SHA256 over the concatenated parts.

    Each record's key commitment comes through here, on the sync worker thread. Not
    `hmac.digest`: CPython 3.11's one-shot HMAC releases the GIL around every call, however
    short, and getting it back waits for whichever thread holds it (the loop, SQLite's), up to
    the 5 ms switch interval. Measured in a catching-up desk: 75 µs per record waiting, the
    largest cost of opening. `hmac.new` keeps the GIL for short input and is as fast alone
    (1.5 µs either way).
    """
    return hmac.new(key, b"".join(parts), "sha256").digest()


def ct_equal(a: bytes, b: bytes) -> bool:
    """Compares in constant time (for MACs and commitments)."""
    return hmac.compare_digest(a, b)


def aead_seal(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """ChaCha20-Poly1305 encryption; returns ciphertext ‖ tag."""
    return ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """ChaCha20-Poly1305 decryption; None if the tag does not verify."""
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        return None


def hpke_seal(plaintext: bytes, recipient_public: bytes, info: bytes) -> bytes:
    """HPKE base-mode single-shot seal; returns `enc ‖ ct`.

    pyca draws the ephemeral key itself, so this output cannot be made deterministic.

    Raises:
        ValueError: `recipient_public` is not a 32-byte X25519 public key.
    """
    return _HPKE.encrypt(plaintext, X25519PublicKey.from_public_bytes(recipient_public), info)


def hpke_open(blob: bytes, private_key: X25519PrivateKey, info: bytes) -> bytes | None:
    """HPKE base-mode single-shot open; None on any failure (wrong key, info, or bytes)."""
    try:
        return _HPKE.decrypt(blob, private_key, info)
    except (InvalidTag, ValueError):
        # ValueError covers a malformed `enc` (e.g. a low-order point giving a zero secret).
        return None


def ed25519_verify(public: bytes, signature: bytes, message: bytes) -> bool:
    """True if `signature` is valid for `message` under the raw 32-byte `public` key."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


class Ed25519Signer:
    """Ed25519 signatures of one private key through libsodium (PyNaCl).

    For the gateway, which signs every envelope it seals one after the other on its event
    loop: `cryptography`'s `sign` set up an OpenSSL signing context per call, about 30 µs a
    signature on the reference machine, libsodium 18 µs. RFC 8032 signatures are
    deterministic, so the bytes are the same (`tests/unit/crypto/test_primitives.py`). The key
    stays in this object as libsodium keeps it (its 32-byte seed followed by the public key),
    immutable bytes for the life of the gateway, like the `cryptography` key it comes from.
    """

    __slots__ = ("_secret",)

    def __init__(self, key: Ed25519PrivateKey) -> None:
        _public, self._secret = crypto_sign_seed_keypair(key.private_bytes_raw())

    def sign(self, message: bytes) -> bytes:
        """The 64-byte signature of `message` (libsodium returns it before a copy of it)."""
        return crypto_sign(message, self._secret)[:SIG_LEN]


def x25519_public(private_key: X25519PrivateKey) -> bytes:
    """The raw 32-byte public key of an X25519 private key."""
    return private_key.public_key().public_bytes_raw()
