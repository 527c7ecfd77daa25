"""Sealed presence notes: "this device is viewing / typing in conversation C", or "stopped".

Notes travel on one ephemeral subject, outside the team log, so they carry no author chain;
they are sealed and signed like everything else, so the hub sees only ciphertext of one fixed
size and cannot tell which conversation a note is about, or forge one:

    note      = header(58) ‖ u32 len ‖ ciphertext ‖ signature(64)
    header    = "SP" ‖ u16 version ‖ u16 suite ‖ team_id(16) ‖ u64 epoch ‖ author(16) ‖ nonce(12)
    plaintext = conversation_id(16; zeros for none) ‖ u8 activity ‖ u64 sent_at (Unix ms)
    ciphertext = ChaCha20-Poly1305(presence_key[epoch], nonce, plaintext, aad = header)
    signature  = Ed25519(author device_sig, presence-sig ‖ header ‖ SHA256(ciphertext))

`presence_key[n] = HKDF(seed[n], presence-key ‖ suite ‖ team ‖ n)`: only devices holding the
epoch's seed read notes, and a removed device stops reading them after the rotation. Replays
and reordering are the receiver's business (`app.domain.presence.PresenceBoard`), by `sent_at`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.keys import DeviceKeys, device_id
from app.crypto.primitives import (
    NONCE_LEN,
    SIG_LEN,
    SUITE_ID,
    TAG_LEN,
    VERSION,
    Rng,
    aead_open,
    aead_seal,
    ed25519_verify,
    sha256,
)
from app.domain.ids import ID_LEN, ConversationId, DeviceId, TeamId
from app.domain.presence import Activity, PresenceNote

__all__ = ["NOTE_LEN", "ParsedNote", "open_note", "parse_note", "seal_note"]

MAGIC = b"SP"
HEADER_LEN = 2 + 2 + 2 + ID_LEN + 8 + ID_LEN + NONCE_LEN
_PLAIN_LEN = ID_LEN + 1 + 8
NOTE_LEN = HEADER_LEN + 4 + _PLAIN_LEN + TAG_LEN + SIG_LEN
"""Every note has this length, whatever it says."""
_NO_CONVERSATION = bytes(ID_LEN)


@dataclass(frozen=True, slots=True)
class ParsedNote:
    """A strictly parsed note; nothing in it is trusted until `open_note` checks it."""

    team_id: TeamId
    epoch: int
    author: DeviceId
    nonce: bytes
    header: bytes
    ciphertext: bytes
    signature: bytes


def seal_note(
    *,
    conversation_id: ConversationId | None,
    activity: Activity,
    sent_at: float,
    epoch: EpochSecrets,
    signer: DeviceKeys,
    rng: Rng = os.urandom,
) -> bytes:
    """Seal and sign one note under the epoch's presence key.

    Raises:
        ValueError: A conversation id that is not 16 bytes, or none while viewing or
            typing, or one with another activity.
    """
    if (conversation_id is not None) != activity.names_conversation:
        raise ValueError("a note names a conversation exactly when viewing or typing")
    room = _NO_CONVERSATION if conversation_id is None else conversation_id
    plaintext = Writer().fixed(room, ID_LEN).u8(activity).u64(round(sent_at * 1000)).getvalue()
    nonce = rng(NONCE_LEN)
    header = (
        Writer()
        .fixed(MAGIC, len(MAGIC))
        .u16(VERSION)
        .u16(SUITE_ID)
        .fixed(epoch.team_id, ID_LEN)
        .u64(epoch.n)
        .fixed(signer.device_id, ID_LEN)
        .fixed(nonce, NONCE_LEN)
        .getvalue()
    )
    ciphertext = aead_seal(epoch.presence_key, nonce, plaintext, header)
    signature = signer.sign(_signed(header, ciphertext))
    return Writer().fixed(header, HEADER_LEN).var(ciphertext).fixed(signature, SIG_LEN).getvalue()


def parse_note(data: bytes) -> ParsedNote:
    """Strict parse of a received note.

    Raises:
        Malformed: "parse" (length, magic, trailing bytes), "version" or "suite".
    """
    if len(data) != NOTE_LEN:
        raise Malformed("parse")
    reader = Reader(data)
    header = reader.fixed(HEADER_LEN)
    ciphertext = reader.var()
    signature = reader.fixed(SIG_LEN)
    reader.finish()
    fields = Reader(header)
    if fields.fixed(len(MAGIC)) != MAGIC or len(ciphertext) != _PLAIN_LEN + TAG_LEN:
        raise Malformed("parse")
    if fields.u16() != VERSION:
        raise Malformed("version")
    if fields.u16() != SUITE_ID:
        raise Malformed("suite")
    team_id = TeamId(fields.fixed(ID_LEN))
    epoch = fields.u64()
    author = DeviceId(fields.fixed(ID_LEN))
    nonce = fields.fixed(NONCE_LEN)
    fields.finish()
    return ParsedNote(team_id, epoch, author, nonce, header, ciphertext, signature)


def open_note(parsed: ParsedNote, sig_public: bytes, epoch: EpochSecrets) -> PresenceNote:
    """Verify the author's signature, then decrypt and strictly parse the plaintext.

    Args:
        parsed: The note.
        sig_public: The Ed25519 key the validated chain records for `parsed.author`.
        epoch: The secrets of `parsed.epoch` of `parsed.team_id`.

    Raises:
        BadSignature: "author" (the key is not the author's) or "signature".
        Undecryptable: "epoch" (secrets of another team or epoch) or "decrypt".
        Malformed: "parse" (an unknown activity, or a conversation inconsistent with it).
    """
    if device_id(sig_public) != parsed.author:
        raise BadSignature("author")
    if not ed25519_verify(sig_public, parsed.signature, _signed(parsed.header, parsed.ciphertext)):
        raise BadSignature("signature")
    if (parsed.team_id, parsed.epoch) != (epoch.team_id, epoch.n):
        raise Undecryptable("epoch")
    plaintext = aead_open(epoch.presence_key, parsed.nonce, parsed.ciphertext, parsed.header)
    if plaintext is None:
        raise Undecryptable("decrypt")
    reader = Reader(plaintext)
    room = reader.fixed(ID_LEN)
    raw_activity = reader.u8()
    sent_ms = reader.u64()
    reader.finish()
    try:
        activity = Activity(raw_activity)
    except ValueError:
        raise Malformed("parse") from None
    if (room != _NO_CONVERSATION) != activity.names_conversation:
        raise Malformed("parse")
    conversation = ConversationId(room) if activity.names_conversation else None
    return PresenceNote(parsed.author, conversation, activity, sent_ms / 1000)


def _signed(header: bytes, ciphertext: bytes) -> bytes:
    return labels.PRESENCE_SIG + header + sha256(ciphertext)
