"""Gateway sender keys (security.md 2.12, part 3): one HPKE seal per key, an AEAD per event.

- Type 6, *sender key*: HPKE to `D[n]` with `info = sender-key ‖ SHA256(header)`; the plaintext
  is the 32-byte key, padded. The envelope's event id is the key's id.
- Type 7, *gateway event under a sender key*: body `key_id ‖ ChaCha20-Poly1305(event_key,
  nonce, padded plaintext, aad = header ‖ key_id)`, `event_key = HKDF(sender_key,
  sender-event-key ‖ event_id)`, and `key_commit = HMAC(event_key, key-commit)` in the header.

A key belongs to one author and one epoch: `open_keyed_event` refuses it for another author's
event or another epoch's, so a key sealed to `D[n]` never protects an event of epoch n+1 (which
a device removed at the rotation could otherwise read).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from app.crypto import labels
from app.crypto.envelope import (
    KEY_ID_LEN,
    VerifiedEnvelope,
    assemble,
    key_commit,
    open_sealed,
    pad_checked,
    seal_to_public,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import Malformed, Undecryptable
from app.crypto.header import EventType, Header, HeaderFields
from app.crypto.keys import DeviceKeys
from app.crypto.padding import unpad
from app.crypto.primitives import (
    KEY_LEN,
    NONCE_LEN,
    HkdfKey,
    Rng,
    aead_open,
    aead_seal,
    ct_equal,
)
from app.domain.ids import DeviceId, EventId

__all__ = [
    "SenderKey",
    "key_id_of",
    "new_sender_key",
    "open_keyed_event",
    "open_sender_key",
    "seal_keyed_event",
    "seal_sender_key",
]


@dataclass(frozen=True, slots=True)
class SenderKey:
    """One gateway's key for one epoch's events. The key stays out of `repr`."""

    author: DeviceId
    key_id: bytes
    """The event id of the type-6 envelope that carries it."""
    epoch: int
    key: bytes = field(repr=False)
    _kdf: HkdfKey = field(init=False, repr=False, compare=False)
    """HKDF's extract step of `key`, done once: every event under the key derives from it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kdf", HkdfKey(self.key))

    def event_key(self, event_id: EventId) -> bytes:
        """`HKDF(sender_key, sender-event-key ‖ event_id)`: the AEAD key of one event."""
        return self._kdf.derive(labels.SENDER_EVENT_KEY + event_id)


def new_sender_key(
    author: DeviceId, key_id: EventId, epoch: int, rng: Rng = os.urandom
) -> SenderKey:
    """A fresh key for `author`'s events of `epoch`, named by its envelope's event id."""
    return SenderKey(author, bytes(key_id), epoch, rng(KEY_LEN))


def seal_sender_key(
    *, fields: HeaderFields, sender_key: SenderKey, inbound_public: bytes, signer: DeviceKeys
) -> bytes:
    """The type-6 envelope carrying `sender_key` to every holder of `seed[epoch]`.

    Raises:
        ValueError: The key is not the signer's, or its id or epoch differ from `fields`.
    """
    if (sender_key.author, sender_key.key_id, sender_key.epoch) != (
        signer.device_id,
        fields.event_id,
        fields.epoch,
    ):
        raise ValueError("a sender key is sealed by its author, in its epoch, under its id")
    return seal_to_public(
        event_type=EventType.SENDER_KEY,
        fields=fields,
        recipient_public=inbound_public,
        plaintext=sender_key.key,
        signer=signer,
    )


def open_sender_key(envelope: VerifiedEnvelope, epoch: EpochSecrets) -> SenderKey:
    """Opens a verified type-6 envelope with `inbound_kem[n]`.

    Raises:
        Malformed: "type", "padding", or "sender-key" (the plaintext is not one key).
        Undecryptable: "epoch" (secrets of another team or epoch), "decrypt".
    """
    header = envelope.header
    if header.event_type != EventType.SENDER_KEY:
        raise Malformed("type")
    if (header.team_id, header.epoch) != (epoch.team_id, epoch.n):
        raise Undecryptable("epoch")
    key = open_sealed(envelope, epoch.inbound_kem)
    if len(key) != KEY_LEN:
        raise Malformed("sender-key")
    return SenderKey(header.author, bytes(header.event_id), header.epoch, key)


def seal_keyed_event(
    *,
    fields: HeaderFields,
    plaintext: bytes,
    sender_key: SenderKey,
    signer: DeviceKeys,
    rng: Rng = os.urandom,
) -> bytes:
    """A type-7 envelope: `plaintext` under `sender_key`, signed.

    Raises:
        ValueError: The key is not the signer's or not of `fields.epoch`, or the plaintext is
            too big.
    """
    if (sender_key.author, sender_key.epoch) != (signer.device_id, fields.epoch):
        raise ValueError("a sender key serves its author's events of its epoch only")
    padded = pad_checked(plaintext)
    event_key = sender_key.event_key(fields.event_id)
    nonce = rng(NONCE_LEN)
    header = Header.build(
        EventType.KEYED_GATEWAY,
        signer.device_id,
        fields,
        nonce=nonce,
        key_commit=key_commit(event_key),
    ).encode()
    sealed = aead_seal(event_key, nonce, padded, header + sender_key.key_id)
    return assemble(header, sender_key.key_id + sealed, signer)


def key_id_of(envelope: VerifiedEnvelope) -> bytes:
    """The id of the sender key a type-7 envelope names (Malformed "type" for other types)."""
    if envelope.header.event_type != EventType.KEYED_GATEWAY:
        raise Malformed("type")
    return envelope.body[:KEY_ID_LEN]


def open_keyed_event(envelope: VerifiedEnvelope, sender_key: SenderKey) -> bytes:
    """Opens a verified type-7 envelope: key match, key commitment (constant time), AEAD,
    strict unpad.

    Raises:
        Malformed: "type", "padding".
        Undecryptable: "sender-key-author" or "sender-key-id" (not the key the envelope names),
            "sender-key-epoch" (a key of another epoch), "key-commit", "decrypt".
    """
    header = envelope.header
    key_id = key_id_of(envelope)
    if sender_key.author != header.author:
        raise Undecryptable("sender-key-author")
    if not ct_equal(sender_key.key_id, key_id):
        raise Undecryptable("sender-key-id")
    if sender_key.epoch != header.epoch:
        raise Undecryptable("sender-key-epoch")
    event_key = sender_key.event_key(header.event_id)
    if not ct_equal(key_commit(event_key), header.key_commit):
        raise Undecryptable("key-commit")
    padded = aead_open(
        event_key, header.nonce, envelope.body[KEY_ID_LEN:], envelope.header_bytes + key_id
    )
    if padded is None:
        raise Undecryptable("decrypt")
    return unpad(padded)
