"""Signed, encrypted data events (crypto.md §3.6): `header ‖ u32 len ‖ body ‖ signature(64)`.

Receive order (§3.6 pipeline, crypto part): `parse_envelope` (lengths, strict parse, header
policy) → `verify_signature` (which returns a `VerifiedEnvelope`) → `open_member_event` or
`open_sealed`. The open functions accept only a `VerifiedEnvelope`, so nothing from an envelope
is decrypted before its signature verifies; mypy checks the order.

- Type 1: `ChaCha20-Poly1305(event_key, nonce, pad(plaintext), aad = header)`, with
  `event_key = HKDF(event_root[n], event-key ‖ event_id)` and `key_commit = HMAC(event_key,
  key-commit)` in the header.
- Types 2/3/6: HPKE `enc ‖ ct` with `info = inbound|outbound|sender-key ‖ SHA256(header)`;
  nonce and key_commit are zero. pyca's HPKE draws its own ephemeral key, so these are never
  deterministic. Type 6 (a gateway's sender key) and type 7 (an event under it) are in
  `app.crypto.sender_key`.
- Signature: `Ed25519(author, event-sig ‖ header ‖ SHA256(body))`, over the exact received bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.header import HEADER_LEN, SEALED_TYPES, EventType, Header, HeaderFields
from app.crypto.keys import DeviceKeys, device_id
from app.crypto.padding import is_bucket_size, pad, unpad
from app.crypto.primitives import (
    HPKE_OVERHEAD,
    NONCE_LEN,
    SIG_LEN,
    TAG_LEN,
    Rng,
    aead_open,
    aead_seal,
    ct_equal,
    ed25519_verify,
    hmac_sha256,
    hpke_open,
    hpke_seal,
    sha256,
)
from app.domain.frozen import quick_init
from app.domain.ids import ID_LEN, TeamId

__all__ = [
    "DEFAULT_MAX_BODY",
    "HEADER_LEN",
    "MAX_PADDED",
    "EventType",
    "Header",
    "HeaderFields",
    "KEY_ID_LEN",
    "ParsedEnvelope",
    "VerifiedEnvelope",
    "assemble",
    "envelope_hash",
    "key_commit",
    "open_member_event",
    "open_sealed",
    "pad_checked",
    "parse_envelope",
    "seal_member_event",
    "seal_to_public",
    "verify_signature",
]

MAX_PADDED = 1 << 18
"""Largest padded plaintext (256 KiB): media travel as STREAM objects, not in events."""
DEFAULT_MAX_BODY = MAX_PADDED + HPKE_OVERHEAD
"""Largest body `parse_envelope` accepts unless told otherwise."""
_MIN_LEN = HEADER_LEN + 4 + SIG_LEN
KEY_ID_LEN = ID_LEN
"""A type-7 body starts with the id of its sender key (the type-6 envelope's event id)."""
_HPKE_LABELS = {
    EventType.GATEWAY: labels.INBOUND,
    EventType.OUTBOUND: labels.OUTBOUND,
    EventType.SENDER_KEY: labels.SENDER_KEY,
}


@quick_init
@dataclass(frozen=True, slots=True)
class ParsedEnvelope:
    """A strictly parsed envelope; nothing in it is trusted yet."""

    header: Header
    header_bytes: bytes
    """The exact received header: AEAD associated data and signature input."""
    body: bytes
    signature: bytes
    raw: bytes
    """The whole envelope as received."""
    hash: bytes = field(default=b"", repr=False, compare=False)
    """`envelope_hash(raw)`: what the author's next envelope names as `author_prev`. Worked
    out once here (a catching-up desk asks for it three times per record); never pass it."""

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", envelope_hash(self.raw))

    def verified(self) -> VerifiedEnvelope:
        """This envelope as authentic: for `verify_signature` and `runs` only, once its
        signature, or a verified successor's hash link, says so."""
        return VerifiedEnvelope(
            self.header, self.header_bytes, self.body, self.signature, self.raw, self.hash
        )


@quick_init
@dataclass(frozen=True, slots=True)
class VerifiedEnvelope(ParsedEnvelope):
    """A parsed envelope whose signature verified under its author's key."""


def envelope_hash(data: bytes) -> bytes:
    """`SHA256(envelope)`, over the exact bytes."""
    return sha256(data)


def parse_envelope(
    data: bytes, *, max_body: int = DEFAULT_MAX_BODY, team_id: TeamId | None = None
) -> ParsedEnvelope:
    """Strict parse plus header policy (pipeline steps 1–2, minus the author's role).

    Args:
        data: The received bytes.
        max_body: Cap on the body length.
        team_id: If given, the header's team must match.

    Raises:
        Malformed: "parse" (short, over-long, trailing bytes, field rules), "version", "suite",
            "type", "length" (body not a padded bucket plus the AEAD/HPKE overhead), "team".
    """
    if len(data) < _MIN_LEN:
        raise Malformed("parse")
    reader = Reader(data, max_var=max_body)
    header_bytes = reader.fixed(HEADER_LEN)
    header = Header.parse(header_bytes)
    body = reader.var()
    signature = reader.fixed(SIG_LEN)
    reader.finish()
    overhead = _overhead(header.event_type)
    # Lengths are checked before any decryption (crypto.md §5, key commitment).
    if not is_bucket_size(len(body) - overhead):
        raise Malformed("length")
    if team_id is not None and header.team_id != team_id:
        raise Malformed("team")
    return ParsedEnvelope(header, header_bytes, body, signature, bytes(data))


def verify_signature(parsed: ParsedEnvelope, sig_public: bytes) -> VerifiedEnvelope:
    """Checks the author's signature over `event-sig ‖ header ‖ SHA256(body)`.

    Args:
        parsed: The envelope.
        sig_public: The Ed25519 key the chain records for `header.author`.

    Raises:
        BadSignature: "author" if the key is not the author's, "signature" if it does not verify.
    """
    if device_id(sig_public) != parsed.header.author:
        raise BadSignature("author")
    message = _signed_message(parsed.header_bytes, parsed.body)
    if not ed25519_verify(sig_public, parsed.signature, message):
        raise BadSignature("signature")
    return parsed.verified()


def seal_member_event(
    *,
    fields: HeaderFields,
    plaintext: bytes,
    epoch: EpochSecrets,
    signer: DeviceKeys,
    rng: Rng = os.urandom,
) -> bytes:
    """Seals and signs a type-1 member event under the epoch's event keys.

    Raises:
        ValueError: `fields` name another team or epoch than `epoch`, or the plaintext is too big.
    """
    if (fields.team_id, fields.epoch) != (epoch.team_id, epoch.n):
        raise ValueError("header fields and epoch secrets disagree")
    padded = pad_checked(plaintext)
    event_key = epoch.event_key(fields.event_id)
    nonce = rng(NONCE_LEN)
    header = Header.build(
        EventType.MEMBER, signer.device_id, fields, nonce=nonce, key_commit=key_commit(event_key)
    ).encode()
    body = aead_seal(event_key, nonce, padded, header)
    return assemble(header, body, signer)


def seal_to_public(
    *,
    event_type: EventType,
    fields: HeaderFields,
    recipient_public: bytes,
    plaintext: bytes,
    signer: DeviceKeys,
) -> bytes:
    """Seals a type-2 or type-6 (to `D[n]`) or type-3 (to the gateway's KEM key) envelope with
    HPKE, and signs.

    There is no `rng` argument: pyca's HPKE draws its ephemeral key from the OS itself.

    Raises:
        ValueError: `event_type` is not 2 or 3, the key is not 32 bytes, or the plaintext is
            too big.
    """
    if event_type not in SEALED_TYPES:
        raise ValueError("only types 2, 3 and 6 are HPKE-sealed")
    padded = pad_checked(plaintext)
    header = Header.build(event_type, signer.device_id, fields).encode()
    body = hpke_seal(padded, recipient_public, _hpke_info(event_type, header))
    return assemble(header, body, signer)


def open_member_event(envelope: VerifiedEnvelope, epoch: EpochSecrets) -> bytes:
    """Opens a verified type-1 event: key commitment (constant time), AEAD, strict unpad.

    Raises:
        Malformed: "type" if not a member event, "padding" if the padding is not canonical.
        Undecryptable: "epoch" (secrets of another team or epoch), "key-commit", "decrypt".
    """
    header = envelope.header
    if header.event_type != EventType.MEMBER:
        raise Malformed("type")
    if (header.team_id, header.epoch) != (epoch.team_id, epoch.n):
        raise Undecryptable("epoch")
    event_key = epoch.event_key(header.event_id)
    if not ct_equal(key_commit(event_key), header.key_commit):
        raise Undecryptable("key-commit")
    padded = aead_open(event_key, header.nonce, envelope.body, envelope.header_bytes)
    if padded is None:
        raise Undecryptable("decrypt")
    return unpad(padded)


def open_sealed(envelope: VerifiedEnvelope, private_key: X25519PrivateKey) -> bytes:
    """Opens a verified type-2 or type-6 (`inbound_kem[n]`) or type-3 (gateway KEM key) one.

    Raises:
        Malformed: "type" if not an HPKE type, "padding" if the padding is not canonical.
        Undecryptable: "decrypt" (wrong key, wrong epoch, or tampered bytes).
    """
    event_type = envelope.header.event_type
    if event_type not in SEALED_TYPES:
        raise Malformed("type")
    padded = hpke_open(envelope.body, private_key, _hpke_info(event_type, envelope.header_bytes))
    if padded is None:
        raise Undecryptable("decrypt")
    return unpad(padded)


def key_commit(event_key: bytes) -> bytes:
    """`HMAC-SHA256(event_key, key-commit)`: binds the ciphertext to one key."""
    return hmac_sha256(event_key, labels.KEY_COMMIT)


def _hpke_info(event_type: EventType, header_bytes: bytes) -> bytes:
    # Hashing the header keeps info within RFC 9180's recommended 64 bytes (crypto.md §3.8).
    return _HPKE_LABELS[event_type] + sha256(header_bytes)


def _overhead(event_type: EventType) -> int:
    """Body bytes beyond the padded plaintext."""
    if event_type in SEALED_TYPES:
        return HPKE_OVERHEAD
    if event_type == EventType.KEYED_GATEWAY:
        return KEY_ID_LEN + TAG_LEN
    return TAG_LEN


def _signed_message(header_bytes: bytes, body: bytes) -> bytes:
    return labels.EVENT_SIG + header_bytes + sha256(body)


def pad_checked(plaintext: bytes) -> bytes:
    """`pad(plaintext)`, refusing what would not fit an envelope (ValueError)."""
    padded = pad(plaintext)
    if len(padded) > MAX_PADDED:
        raise ValueError("plaintext too large for an envelope")
    return padded


def assemble(header: bytes, body: bytes, signer: DeviceKeys) -> bytes:
    """`header ‖ u32 len ‖ body ‖ signature`, signed by `signer`."""
    signature = signer.sign(_signed_message(header, body))
    return Writer().fixed(header, HEADER_LEN).var(body).fixed(signature, SIG_LEN).getvalue()
