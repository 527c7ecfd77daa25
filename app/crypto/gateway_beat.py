"""Sealed gateway beats: "gateway G runs, reaches WhatsApp or not, and this much waits with it".

A beat travels on an ephemeral subject, outside the team log, every few seconds. The gateway
holds no seed, so it seals to the epoch's inbound key `D[n]` with HPKE, as it seals inbound
events, and signs with its device key; the hub sees ciphertext of one fixed size from the one
login it already knows is the gateway, and can neither read the counts nor forge a beat:

    beat      = header(46) ‖ u32 len ‖ hpke(enc ‖ ciphertext) ‖ signature(64)
    header    = "GB" ‖ u16 version ‖ u16 suite ‖ team_id(16) ‖ u64 epoch ‖ author(16)
    plaintext = u64 sent_at (Unix ms) ‖ u32 beat_every (ms) ‖ u8 link ‖ u64 link_since (ms)
                ‖ u32 waiting_webhooks ‖ u32 waiting_sends
    hpke      = HPKE(D[n], plaintext, info = gateway-beat ‖ header)
    signature = Ed25519(gateway device_sig, gateway-beat-sig ‖ header ‖ SHA256(hpke))

Replays are the receiver's business (`app.domain.gateway_beat.BeatBoard`), by `sent_at`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.keys import DeviceKeys, device_id
from app.crypto.primitives import (
    SIG_LEN,
    SUITE_ID,
    TAG_LEN,
    VERSION,
    ed25519_verify,
    hpke_open,
    hpke_seal,
    sha256,
)
from app.domain.gateway_beat import GatewayBeat, WhatsAppLink
from app.domain.ids import ID_LEN, DeviceId, TeamId

__all__ = ["BEAT_LEN", "ParsedBeat", "open_beat", "parse_beat", "seal_beat"]

MAGIC = b"GB"
HEADER_LEN = 2 + 2 + 2 + ID_LEN + 8 + ID_LEN
_PLAIN_LEN = 8 + 4 + 1 + 8 + 4 + 4
_ENC_LEN = 32
_SEALED_LEN = _ENC_LEN + _PLAIN_LEN + TAG_LEN
BEAT_LEN = HEADER_LEN + 4 + _SEALED_LEN + SIG_LEN
"""Every beat has this length, whatever it says."""
_U32 = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class ParsedBeat:
    """A strictly parsed beat; nothing in it is trusted until `open_beat` checks it."""

    team_id: TeamId
    epoch: int
    author: DeviceId
    header: bytes
    sealed: bytes
    signature: bytes


def seal_beat(
    beat: GatewayBeat, *, team_id: TeamId, epoch: int, inbound_public: bytes, signer: DeviceKeys
) -> bytes:
    """Seal `beat` to `D[epoch]` (`inbound_public`) and sign it as `signer` (its author).

    Raises:
        ValueError: `beat.gateway` is not `signer`, or `inbound_public` is not an X25519 key.
    """
    if beat.gateway != signer.device_id:
        raise ValueError("a gateway announces only itself")
    plaintext = (
        Writer()
        .u64(round(beat.sent_at * 1000))
        .u32(round(beat.beat_every * 1000))
        .u8(beat.link)
        .u64(round(beat.link_since * 1000))
        .u32(min(beat.waiting_webhooks, _U32))
        .u32(min(beat.waiting_sends, _U32))
        .getvalue()
    )
    header = (
        Writer()
        .fixed(MAGIC, len(MAGIC))
        .u16(VERSION)
        .u16(SUITE_ID)
        .fixed(team_id, ID_LEN)
        .u64(epoch)
        .fixed(signer.device_id, ID_LEN)
        .getvalue()
    )
    sealed = hpke_seal(plaintext, inbound_public, labels.GATEWAY_BEAT + header)
    signature = signer.sign(_signed(header, sealed))
    return Writer().fixed(header, HEADER_LEN).var(sealed).fixed(signature, SIG_LEN).getvalue()


def parse_beat(data: bytes) -> ParsedBeat:
    """Strict parse of a received beat.

    Raises:
        Malformed: "parse" (length, magic, trailing bytes), "version" or "suite".
    """
    if len(data) != BEAT_LEN:
        raise Malformed("parse")
    reader = Reader(data)
    header = reader.fixed(HEADER_LEN)
    sealed = reader.var()
    signature = reader.fixed(SIG_LEN)
    reader.finish()
    fields = Reader(header)
    if fields.fixed(len(MAGIC)) != MAGIC or len(sealed) != _SEALED_LEN:
        raise Malformed("parse")
    if fields.u16() != VERSION:
        raise Malformed("version")
    if fields.u16() != SUITE_ID:
        raise Malformed("suite")
    team_id = TeamId(fields.fixed(ID_LEN))
    epoch = fields.u64()
    author = DeviceId(fields.fixed(ID_LEN))
    fields.finish()
    return ParsedBeat(team_id, epoch, author, header, sealed, signature)


def open_beat(parsed: ParsedBeat, sig_public: bytes, inbound_kem: X25519PrivateKey) -> GatewayBeat:
    """Verify the author's signature, then open and strictly parse the plaintext.

    Args:
        parsed: The beat.
        sig_public: The Ed25519 key the validated chain records for `parsed.author`.
        inbound_kem: The private half of `D[parsed.epoch]` of `parsed.team_id`.

    Raises:
        BadSignature: "author" (the key is not the author's) or "signature".
        Undecryptable: "decrypt" (another team's or epoch's key, or tampered bytes).
        Malformed: "parse" (an unknown link state).
    """
    if device_id(sig_public) != parsed.author:
        raise BadSignature("author")
    if not ed25519_verify(sig_public, parsed.signature, _signed(parsed.header, parsed.sealed)):
        raise BadSignature("signature")
    plaintext = hpke_open(parsed.sealed, inbound_kem, labels.GATEWAY_BEAT + parsed.header)
    if plaintext is None:
        raise Undecryptable("decrypt")
    reader = Reader(plaintext)
    sent_ms, every_ms, raw_link = reader.u64(), reader.u32(), reader.u8()
    since_ms, webhooks, sends = reader.u64(), reader.u32(), reader.u32()
    reader.finish()
    try:
        link = WhatsAppLink(raw_link)
    except ValueError:
        raise Malformed("parse") from None
    return GatewayBeat(
        parsed.author, sent_ms / 1000, every_ms / 1000, link, since_ms / 1000, webhooks, sends
    )


def _signed(header: bytes, sealed: bytes) -> bytes:
    return labels.GATEWAY_BEAT_SIG + header + sha256(sealed)
