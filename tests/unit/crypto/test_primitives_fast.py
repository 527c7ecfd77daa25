"""The hand-written fast paths of `app.crypto.primitives` give the library's exact bytes."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.crypto import labels
from app.crypto.epoch import EpochSecrets
from app.crypto.primitives import Ed25519Signer, HkdfKey, ed25519_verify, hkdf, hmac_sha256, sha256
from app.crypto.sender_key import SenderKey
from app.domain.ids import DeviceId, EventId, TeamId


def _library_hkdf(ikm: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(ikm)


def test_an_extracted_key_derives_what_hkdf_derives() -> None:
    for size in (0, 16, 32, 77):
        ikm = os.urandom(size)
        key = HkdfKey(ikm)
        for info in (b"", os.urandom(20), os.urandom(size + 60)):
            assert key.derive(info) == _library_hkdf(ikm, info) == hkdf(ikm, info)
    assert repr(HkdfKey(b"secret")) == "HkdfKey(…)"


def test_hkdf_key_matches_rfc5869_case_3() -> None:
    """RFC 5869 A.3: SHA-256, no salt, no info; the first 32 bytes of its OKM."""
    okm = HkdfKey(bytes.fromhex("0b" * 22)).derive(b"")
    assert okm.hex() == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"


def test_event_keys_are_the_suites_hkdf() -> None:
    """Sender and epoch keys derive through a kept `HkdfKey`: still `HKDF(root, label ‖ id)`."""
    event_id = EventId(os.urandom(16))
    sender = SenderKey(DeviceId(os.urandom(16)), os.urandom(16), 1, os.urandom(32))
    assert sender.event_key(event_id) == _library_hkdf(
        sender.key, labels.SENDER_EVENT_KEY + event_id
    )
    epoch = EpochSecrets.derive(os.urandom(32), TeamId(os.urandom(16)), 1)
    assert epoch.event_key(event_id) == _library_hkdf(epoch.event_root, labels.EVENT_KEY + event_id)


def test_hmac_and_sha256_over_parts_match_one_pass() -> None:
    key, parts = os.urandom(32), [os.urandom(n) for n in (0, 1, 40, 300)]
    whole = b"".join(parts)
    assert hmac_sha256(key, *parts) == hmac.new(key, whole, hashlib.sha256).digest()
    assert hmac_sha256(key, whole) == hmac_sha256(key, *parts)
    assert sha256(*parts) == hashlib.sha256(whole).digest() == sha256(whole)


def test_libsodium_signs_the_bytes_the_library_signs() -> None:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    signer = Ed25519Signer(key)
    for size in (0, 1, 228, 4000):
        message = os.urandom(size)
        signature = signer.sign(message)
        assert signature == key.sign(message)
        assert ed25519_verify(public, signature, message)
        assert not ed25519_verify(public, signature, message + b"\x00")


def test_libsodium_matches_rfc8032_test_2() -> None:
    """RFC 8032 §7.1, TEST 2: a one-byte message."""
    seed = bytes.fromhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
    signature = Ed25519Signer(Ed25519PrivateKey.from_private_bytes(seed)).sign(b"\x72")
    assert signature.hex() == (
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    )
