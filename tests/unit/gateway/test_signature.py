"""`X-Hub-Signature-256`: HMAC-SHA256 of the raw bytes, keyed with the App Secret (§2)."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from app.gateway.signature import signature_ok

SECRET = b"test-app-secret"
RAW = b'{"object":"whatsapp_business_account","entry":[]}'


def sign(raw: bytes, secret: bytes = SECRET) -> str:
    return "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()


def test_valid_signature_passes() -> None:
    assert signature_ok(RAW, sign(RAW), SECRET)


def test_wrong_secret_fails() -> None:
    assert not signature_ok(RAW, sign(RAW, b"another-secret"), SECRET)


def test_missing_prefix_fails() -> None:
    digest = hmac.new(SECRET, RAW, hashlib.sha256).hexdigest()
    assert not signature_ok(RAW, digest, SECRET)


@pytest.mark.parametrize("prefix", ["sha1=", "SHA256=", "sha256:", " sha256="])
def test_other_prefixes_fail(prefix: str) -> None:
    digest = hmac.new(SECRET, RAW, hashlib.sha256).hexdigest()
    assert not signature_ok(RAW, prefix + digest, SECRET)


def test_uppercase_hex_is_the_same_digest() -> None:
    # Meta sends lower case; upper-case hex names the same bytes, so it is not a forgery.
    header = "sha256=" + hmac.new(SECRET, RAW, hashlib.sha256).hexdigest().upper()
    assert signature_ok(RAW, header, SECRET)


def test_every_tampered_byte_fails() -> None:
    header = sign(RAW)
    for i in range(len(RAW)):
        tampered = RAW[:i] + bytes([RAW[i] ^ 0x01]) + RAW[i + 1 :]
        assert not signature_ok(tampered, header, SECRET)


def test_tampered_digest_fails() -> None:
    header = sign(RAW)
    last = "0" if header[-1] != "0" else "1"
    assert not signature_ok(RAW, header[:-1] + last, SECRET)


def test_truncated_or_extended_digest_fails() -> None:
    header = sign(RAW)
    assert not signature_ok(RAW, header[:-2], SECRET)
    assert not signature_ok(RAW, header + "00", SECRET)


def test_non_ascii_body_is_checked_on_the_raw_bytes() -> None:
    document = {"text": {"body": "Grüße, ünïcödé 👍 — ok?"}}
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
    assert signature_ok(raw, sign(raw), SECRET)
    # Re-serialising gives other bytes for the same JSON: never verify those.
    reserialised = json.dumps(json.loads(raw)).encode("utf-8")
    assert reserialised != raw
    assert not signature_ok(reserialised, sign(raw), SECRET)


def test_body_that_is_not_utf8_is_still_checked() -> None:
    raw = b"\xff\xfe\x00garbage\x80"
    assert signature_ok(raw, sign(raw), SECRET)
    assert not signature_ok(raw + b"!", sign(raw), SECRET)


@pytest.mark.parametrize("header", [None, "", "sha256=", "sha256=   "])
def test_empty_or_missing_header_fails(header: str | None) -> None:
    assert not signature_ok(RAW, header, SECRET)


def test_empty_body_has_a_signature_too() -> None:
    assert signature_ok(b"", sign(b""), SECRET)
    assert not signature_ok(b"", sign(RAW), SECRET)


@pytest.mark.parametrize("digest", ["é" * 64, "ａ" * 64, "0" * 63 + "ß", "\udcff" * 64])
def test_non_ascii_header_is_a_mismatch_not_an_exception(digest: str) -> None:
    # hmac.compare_digest raises TypeError on non-ASCII str; that must not escape.
    assert not signature_ok(RAW, "sha256=" + digest, SECRET)
