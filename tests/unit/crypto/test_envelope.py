"""Envelopes (crypto.md §3.6): round trips, strict parsing, signatures, key commitment."""

from __future__ import annotations

import contextlib
import dataclasses
from functools import cache

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import labels
from app.crypto.encoding import Writer
from app.crypto.envelope import (
    MAX_PADDED,
    ParsedEnvelope,
    envelope_hash,
    key_commit,
    open_member_event,
    open_sealed,
    parse_envelope,
    seal_member_event,
    seal_to_public,
    verify_signature,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.header import HEADER_LEN, EventType, Header
from app.crypto.keys import DeviceKeys
from app.crypto.padding import pad
from app.crypto.primitives import aead_seal, sha256
from app.domain.errors import EnvelopeRejected
from app.domain.ids import TeamId
from tests.unit.crypto.helpers import GATEWAY, MEMBER, ROOT, TEAM, DetRng, Team, build_team, fields

TEXT = "Your order #1042 shipped — tracking NL-7731".encode()
TYPE_OFFSET = 6
NONCE_OFFSET = HEADER_LEN - 32 - 12
PROPERTY = settings(max_examples=200, deadline=None)


@cache
def team() -> Team:
    return build_team()


@cache
def member_envelope() -> bytes:
    t = team()
    return seal_member_event(fields=fields(t), plaintext=TEXT, epoch=t.epoch, signer=MEMBER)


@cache
def gateway_envelope() -> bytes:
    t = team()
    return seal_to_public(
        event_type=EventType.GATEWAY,
        fields=fields(t, "in"),
        recipient_public=t.epoch.inbound_public,
        plaintext=TEXT,
        signer=GATEWAY,
    )


def open_member(data: bytes, epoch: EpochSecrets | None = None) -> bytes:
    verified = verify_signature(parse_envelope(data, team_id=TEAM), MEMBER.public().sig)
    return open_member_event(verified, epoch or team().epoch)


def open_gateway(data: bytes, key: X25519PrivateKey | None = None) -> bytes:
    verified = verify_signature(parse_envelope(data, team_id=TEAM), GATEWAY.public().sig)
    return open_sealed(verified, key or team().epoch.inbound_kem)


def resign(header: bytes, body: bytes, signer: DeviceKeys) -> bytes:
    """An envelope with a valid signature over arbitrary header and body bytes."""
    sig = signer.sign(labels.EVENT_SIG + header + sha256(body))
    return Writer().fixed(header, HEADER_LEN).var(body).fixed(sig, 64).getvalue()


def patch(data: bytes, offset: int, value: bytes) -> bytes:
    return data[:offset] + value + data[offset + len(value) :]


# --- round trips -------------------------------------------------------------------------------


def test_member_event_round_trip() -> None:
    data = member_envelope()
    parsed = parse_envelope(data)
    assert parsed.header.event_type is EventType.MEMBER
    assert parsed.header.author == MEMBER.device_id
    assert parsed.header_bytes == data[:HEADER_LEN] == parsed.header.encode()
    assert parsed.raw == data
    assert parsed.hash == envelope_hash(data) == sha256(data)
    assert len(parsed.body) == 256 + 16
    assert open_member(data) == TEXT


def test_author_chain_fields_survive() -> None:
    t = team()
    prev = envelope_hash(member_envelope())
    data = seal_member_event(
        fields=fields(t, "e2", seq=2, prev=prev), plaintext=b"", epoch=t.epoch, signer=MEMBER
    )
    header = parse_envelope(data).header
    assert (header.author_seq, header.author_prev) == (2, prev)
    assert (header.chain_seqno, header.chain_head_hash) == (4, t.state.head_hash)
    assert open_member(data) == b""


def test_gateway_event_round_trip() -> None:
    parsed = parse_envelope(gateway_envelope())
    assert parsed.header.nonce == bytes(12)
    assert parsed.header.key_commit == bytes(32)
    assert len(parsed.body) == 32 + 256 + 16
    assert open_gateway(gateway_envelope()) == TEXT


def test_outbound_request_round_trip() -> None:
    t = team()
    data = seal_to_public(
        event_type=EventType.OUTBOUND,
        fields=fields(t, "out"),
        recipient_public=GATEWAY.public().kem,
        plaintext=TEXT,
        signer=MEMBER,
    )
    verified = verify_signature(parse_envelope(data), MEMBER.public().sig)
    assert open_sealed(verified, GATEWAY.kem) == TEXT
    with pytest.raises(Undecryptable, match="decrypt"):
        open_sealed(verified, t.epoch.inbound_kem)


def test_seal_refuses_programming_errors() -> None:
    t = team()
    other_epoch = EpochSecrets.derive(t.seed, TEAM, 2)
    with pytest.raises(ValueError, match="disagree"):
        seal_member_event(fields=fields(t), plaintext=b"", epoch=other_epoch, signer=MEMBER)
    with pytest.raises(ValueError, match="too large"):
        seal_member_event(
            fields=fields(t), plaintext=bytes(MAX_PADDED), epoch=t.epoch, signer=MEMBER
        )
    with pytest.raises(ValueError, match="HPKE-sealed"):
        seal_to_public(
            event_type=EventType.MEMBER,
            fields=fields(t),
            recipient_public=t.epoch.inbound_public,
            plaintext=b"",
            signer=MEMBER,
        )
    fields_bad = dataclasses.replace(fields(t), author_seq=2)
    with pytest.raises(ValueError, match="author_prev"):
        seal_member_event(fields=fields_bad, plaintext=b"", epoch=t.epoch, signer=MEMBER)


# --- strict parsing ----------------------------------------------------------------------------


def _parse_reason(data: bytes, **kwargs: object) -> str:
    with pytest.raises(Malformed) as info:
        parse_envelope(data, **kwargs)  # type: ignore[arg-type]
    return info.value.reason


def test_parse_rejects_structural_damage() -> None:
    data = member_envelope()
    assert _parse_reason(data + b"\0") == "parse"  # trailing bytes
    assert _parse_reason(data[:-1]) == "parse"  # short
    assert _parse_reason(data[:100]) == "parse"
    assert _parse_reason(patch(data, HEADER_LEN, b"\x7f\xff\xff\xff")) == "parse"  # over-long
    assert _parse_reason(data, max_body=100) == "parse"  # body over the cap
    assert _parse_reason(patch(data, 0, b"XB")) == "parse"  # magic


def test_parse_rejects_policy() -> None:
    data = member_envelope()
    assert _parse_reason(patch(data, 2, b"\0\2")) == "version"
    assert _parse_reason(patch(data, 4, b"\0\2")) == "suite"
    for bad_type in (0, 4, 5, 99):
        assert _parse_reason(patch(data, TYPE_OFFSET, bytes([bad_type]))) == "type"
    assert _parse_reason(data, team_id=TeamId(bytes(16))) == "team"


def test_parse_rejects_non_bucket_body() -> None:
    data = member_envelope()
    header, body, sig = data[:HEADER_LEN], data[HEADER_LEN + 4 : -64], data[-64:]
    shorter = header + Writer().var(body[:-1]).getvalue() + sig
    assert _parse_reason(shorter) == "length"


def test_parse_rejects_header_field_rules() -> None:
    gateway = gateway_envelope()
    assert _parse_reason(patch(gateway, NONCE_OFFSET, b"\1")) == "parse"  # HPKE nonce not zero
    member = member_envelope()
    seq_offset = 7 + 16 + 8 + 16 + 16
    assert _parse_reason(patch(member, seq_offset, bytes(8))) == "parse"  # author_seq 0
    assert _parse_reason(patch(member, seq_offset + 8, b"\1")) == "parse"  # seq 1, prev not zero


def test_header_parse_alone() -> None:
    header = Header.parse(member_envelope()[:HEADER_LEN])
    assert header.encode() == member_envelope()[:HEADER_LEN]
    with pytest.raises(Malformed, match="parse"):
        Header.parse(member_envelope()[: HEADER_LEN - 1])


# --- signatures, key commitment, keys ----------------------------------------------------------


def test_signature_failures() -> None:
    data = member_envelope()
    parsed = parse_envelope(data)
    with pytest.raises(BadSignature, match="author"):
        verify_signature(parsed, ROOT.public().sig)
    flipped = patch(data, len(data) - 1, bytes([data[-1] ^ 1]))
    with pytest.raises(BadSignature, match="signature"):
        verify_signature(parse_envelope(flipped), MEMBER.public().sig)
    forged = resign(parsed.header_bytes, parsed.body, ROOT)  # right author id, wrong key
    with pytest.raises(BadSignature, match="signature"):
        verify_signature(parse_envelope(forged), MEMBER.public().sig)


def test_key_commit_mismatch_is_caught_before_decrypting() -> None:
    parsed = parse_envelope(member_envelope())
    header = dataclasses.replace(parsed.header, key_commit=bytes(range(32)))
    with pytest.raises(Undecryptable, match="key-commit"):
        open_member(resign(header.encode(), parsed.body, MEMBER))


def test_tampered_body_with_valid_signature_fails_to_decrypt() -> None:
    parsed = parse_envelope(member_envelope())
    body = parsed.body[:-1] + bytes([parsed.body[-1] ^ 1])
    with pytest.raises(Undecryptable, match="decrypt"):
        open_member(resign(parsed.header_bytes, body, MEMBER))


def test_wrong_epoch() -> None:
    t = team()
    with pytest.raises(Undecryptable, match="epoch"):
        open_member(member_envelope(), EpochSecrets.derive(t.seed, TEAM, 2))
    other_seed = EpochSecrets.derive(DetRng(b"other")(32), TEAM, 1)
    with pytest.raises(Undecryptable, match="key-commit"):
        open_member(member_envelope(), other_seed)
    with pytest.raises(Undecryptable, match="decrypt"):
        open_gateway(gateway_envelope(), other_seed.inbound_kem)


def test_wrong_recipient_and_wrong_opener() -> None:
    with pytest.raises(Undecryptable, match="decrypt"):
        open_gateway(gateway_envelope(), MEMBER.kem)
    verified = verify_signature(parse_envelope(gateway_envelope()), GATEWAY.public().sig)
    with pytest.raises(Malformed, match="type"):
        open_member_event(verified, team().epoch)
    verified = verify_signature(parse_envelope(member_envelope()), MEMBER.public().sig)
    with pytest.raises(Malformed, match="type"):
        open_sealed(verified, team().epoch.inbound_kem)


def _member_envelope_from_padded(padded: bytes) -> bytes:
    """A correctly keyed and signed type-1 envelope around caller-made padded bytes."""
    t = team()
    f = fields(t, "raw")
    event_key = t.epoch.event_key(f.event_id)
    nonce = DetRng(b"nonce")(12)
    header = Header.build(
        EventType.MEMBER, MEMBER.device_id, f, nonce=nonce, key_commit=key_commit(event_key)
    ).encode()
    return resign(header, aead_seal(event_key, nonce, padded, header), MEMBER)


def test_non_zero_padding_is_rejected_after_decryption() -> None:
    good = pad(b"hello")
    assert open_member(_member_envelope_from_padded(good)) == b"hello"
    with pytest.raises(Malformed, match="padding"):
        open_member(_member_envelope_from_padded(good[:-1] + b"\1"))


# --- properties and fuzzing --------------------------------------------------------------------


def _open_any(data: bytes) -> bytes:
    parsed = parse_envelope(data, team_id=TEAM)
    if parsed.header.event_type is EventType.MEMBER:
        return open_member(data)
    return open_gateway(data)


@PROPERTY
@given(st.data())
def test_any_bit_flip_is_rejected(data: st.DataObject) -> None:
    envelope = data.draw(st.sampled_from([member_envelope(), gateway_envelope()]))
    bit = data.draw(st.integers(0, len(envelope) * 8 - 1))
    flipped = bytearray(envelope)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(EnvelopeRejected):
        _open_any(bytes(flipped))


def test_every_header_bit_flip_is_rejected() -> None:
    # Exhaustive where it is cheap: all 1 496 header bits of the member envelope.
    envelope = member_envelope()
    for bit in range(HEADER_LEN * 8):
        flipped = bytearray(envelope)
        flipped[bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(EnvelopeRejected):
            _open_any(bytes(flipped))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=6000))
def test_arbitrary_plaintexts_round_trip(plaintext: bytes) -> None:
    t = team()
    member = seal_member_event(fields=fields(t), plaintext=plaintext, epoch=t.epoch, signer=MEMBER)
    assert open_member(member) == plaintext
    gateway = seal_to_public(
        event_type=EventType.GATEWAY,
        fields=fields(t),
        recipient_public=t.epoch.inbound_public,
        plaintext=plaintext,
        signer=GATEWAY,
    )
    assert open_gateway(gateway) == plaintext


@PROPERTY
@given(st.binary(max_size=600))
def test_parser_raises_only_malformed(data: bytes) -> None:
    try:
        result = parse_envelope(data)
    except Malformed:
        return
    assert isinstance(result, ParsedEnvelope)


@PROPERTY
@given(st.binary(min_size=HEADER_LEN - 7, max_size=HEADER_LEN - 7), st.binary(max_size=400))
def test_parser_fuzz_behind_valid_prefix(rest: bytes, tail: bytes) -> None:
    # Random bytes rarely get past the magic; start from a valid magic, version, suite and type.
    data = member_envelope()[:7] + rest + tail
    with contextlib.suppress(Malformed):
        parse_envelope(data)
