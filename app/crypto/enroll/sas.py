"""The joiner's commitment, the short authentication string and the transcript hash.

    commit_J   = SHA256(sas-commit ‖ e_J_pub ‖ joiner publics ‖ invite_id)
    SAS bytes  = HKDF(X25519(e, e'), sas ‖ team fp ‖ invite_id ‖ joiner publics ‖ admin publics ‖
                      e_J_pub ‖ e_A_pub)
    transcript = SHA256(sas-transcript ‖ team fp ‖ H(request) ‖ H(answer) ‖ H(reveal))

"Publics" are `sig(32) ‖ kem(32) ‖ hub_key(32)`. The joiner commits to `e_J` before it sees
`e_A`, so a man in the middle who swaps either key gets one guess at a matching SAS (Matrix SAS,
ZRTP). The SAS bytes are read as in Matrix: 7 emoji from the first 42 bits (6 bits each) and 3
numbers from the first 39 bits (13 bits each, plus 1000), so both forms show the same secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from app.crypto import labels
from app.crypto.errors import BadSignature
from app.crypto.keys import DevicePublic
from app.crypto.primitives import HASH_LEN, PUBLIC_LEN, ct_equal, hkdf, sha256
from app.domain.ids import ID_LEN

EMOJI_COUNT = 7
EMOJI_BITS = 6
DIGIT_GROUPS = 3
DIGIT_BITS = 13
_SAS_BYTES = 6


def party_publics(device: DevicePublic, hub_key: bytes) -> bytes:
    """A side's keys as the commitment and the SAS cover them: `sig ‖ kem ‖ hub_key`."""
    if len(hub_key) != PUBLIC_LEN:
        raise ValueError("a hub key is 32 bytes")
    return device.sig + device.kem + hub_key


def commit_j(ephemeral_public: bytes, joiner_publics: bytes, invite_id: bytes) -> bytes:
    """`commit_J`, which the request carries before the joiner has seen `e_A`."""
    if len(ephemeral_public) != PUBLIC_LEN or len(invite_id) != ID_LEN:
        raise ValueError("an ephemeral key is 32 bytes and an invite id 16")
    return sha256(labels.SAS_COMMIT, ephemeral_public, joiner_publics, invite_id)


def check_reveal(
    commit: bytes, ephemeral_public: bytes, joiner_publics: bytes, invite_id: bytes
) -> None:
    """The admin's check of the revealed `e_J_pub` against the request's `commit_J`.

    Raises:
        BadSignature: "commit" if they differ: abort and revoke the invite.
    """
    if len(ephemeral_public) != PUBLIC_LEN or not ct_equal(
        commit_j(ephemeral_public, joiner_publics, invite_id), commit
    ):
        raise BadSignature("commit")


@dataclass(frozen=True, slots=True)
class SasContext:
    """Everything the SAS covers besides the shared secret; both sides build the same one."""

    fingerprint: bytes
    """The team fingerprint; the joiner takes it from the chain (or the QR code)."""
    invite_id: bytes
    joiner_publics: bytes
    admin_publics: bytes
    joiner_ephemeral: bytes
    """`e_J_pub`."""
    admin_ephemeral: bytes
    """`e_A_pub`."""

    def info(self) -> bytes:
        """The HKDF info."""
        return (
            labels.SAS
            + self.fingerprint
            + self.invite_id
            + self.joiner_publics
            + self.admin_publics
            + self.joiner_ephemeral
            + self.admin_ephemeral
        )


@dataclass(frozen=True, slots=True)
class Sas:
    """The string both people compare, in its two forms."""

    emoji: tuple[int, ...]
    """Seven indices into `app.domain.sas.SAS_EMOJI`."""
    digits: tuple[int, int, int]
    """Three numbers from 1000 to 9191."""

    @classmethod
    def from_bytes(cls, data: bytes) -> Sas:
        """Reads 6 SAS bytes the Matrix way."""
        if len(data) != _SAS_BYTES:
            raise ValueError("the SAS is read from 6 bytes")
        bits = int.from_bytes(data, "big")
        emoji = tuple((bits >> (48 - EMOJI_BITS * (i + 1))) & 0x3F for i in range(EMOJI_COUNT))
        d = [(bits >> (48 - DIGIT_BITS * (i + 1))) & 0x1FFF for i in range(DIGIT_GROUPS)]
        return cls(emoji, (d[0] + 1000, d[1] + 1000, d[2] + 1000))


def compute_sas(own: X25519PrivateKey, peer_public: bytes, context: SasContext) -> Sas:
    """Computes the SAS from this side's ephemeral and the other side's public one.

    Raises:
        BadSignature: "ephemeral" if the peer's key is malformed or low order (all-zero secret).
    """
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(peer_public))
    except ValueError:
        raise BadSignature("ephemeral") from None
    return Sas.from_bytes(hkdf(shared, context.info(), _SAS_BYTES))


def transcript_hash(fingerprint: bytes, request: bytes, answer: bytes, reveal: bytes) -> bytes:
    """`sas_transcript` of `add_device` and the joiner's confirm: over the exact messages."""
    if len(fingerprint) != HASH_LEN:
        raise ValueError("a team fingerprint is 32 bytes")
    return sha256(
        labels.SAS_TRANSCRIPT, fingerprint, sha256(request), sha256(answer), sha256(reveal)
    )
