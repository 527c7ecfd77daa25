"""The hand-written fast paths of `app.crypto.primitives` give the library's exact bytes."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.crypto import labels
from app.crypto.epoch import EpochSecrets
from app.crypto.primitives import HkdfKey, hkdf, hmac_sha256, sha256
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
