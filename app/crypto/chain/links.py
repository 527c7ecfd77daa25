"""Team chain link codec (crypto.md §3.5).

Wire form: `link ‖ sig(64)`, with `link = u16 version ‖ u16 suite ‖ team(16) ‖ u64 seqno ‖
prev_link_hash(32) ‖ signer_device_id(16) ‖ u64 created_at ‖ u8 type ‖ var payload`,
`sig = Ed25519(signer, link-sig ‖ link)` and `link_hash = SHA256(link ‖ sig)`.

The payload types live in `payloads`; `PAYLOAD_TYPES` maps the types this version can parse.
Types reserved in `LinkType` but absent there (the v1.1+ `set_role`, `set_recovery_key` and
`checkpoint`) are refused as "unsupported".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.crypto import labels
from app.crypto.chain.payloads import (
    MAX_BOXES,
    ZERO_ID,
    AddDevice,
    CreateTeam,
    InviteCreate,
    InviteRevoke,
    LinkType,
    Payload,
    RemoveDevice,
    RemoveReason,
    RevokeReason,
    Rotate,
    Rotation,
    SasStatus,
)
from app.crypto.encoding import Reader, Writer
from app.crypto.errors import ChainInvalid, DecodeError
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import ALLOWED_SUITES, HASH_LEN, SIG_LEN, SUITE_ID, VERSION, sha256
from app.domain.ids import ID_LEN, DeviceId, TeamId

__all__ = [
    "MAX_BOXES",
    "MAX_PAYLOAD",
    "PAYLOAD_TYPES",
    "ZERO_ID",
    "AddDevice",
    "CreateTeam",
    "InviteCreate",
    "InviteRevoke",
    "LinkType",
    "ParsedLink",
    "Payload",
    "RemoveDevice",
    "RemoveReason",
    "RevokeReason",
    "Rotate",
    "Rotation",
    "SasStatus",
    "encode_link",
    "parse_link",
]

MAX_PAYLOAD = 1 << 18
"""Cap on one link payload: room for a rotation boxing to ~2 500 devices."""


PAYLOAD_TYPES: dict[LinkType, Callable[[Reader], Payload]] = {
    LinkType.CREATE_TEAM: CreateTeam.read,
    LinkType.INVITE_CREATE: InviteCreate.read,
    LinkType.ADD_DEVICE: AddDevice.read,
    LinkType.REMOVE_DEVICE: RemoveDevice.read,
    LinkType.ROTATE: Rotate.read,
    LinkType.INVITE_REVOKE: InviteRevoke.read,
}
"""Link types this version parses and validates."""


@dataclass(frozen=True, slots=True)
class ParsedLink:
    """A strictly parsed link; nothing in it is trusted until `ChainState.apply` accepts it."""

    team_id: TeamId
    seqno: int
    prev_link_hash: bytes
    signer: DeviceId
    created_at: int
    """Advisory Unix seconds; never used for a security decision."""
    payload: Payload
    signed_part: bytes
    """The exact received `link` bytes the signature covers."""
    signature: bytes
    raw: bytes

    @property
    def link_hash(self) -> bytes:
        """`SHA256(link ‖ sig)`, the next link's `prev_link_hash`."""
        return sha256(self.raw)

    def signature_input(self) -> bytes:
        """What the signer signed: `link-sig ‖ link`."""
        return labels.LINK_SIG + self.signed_part


def encode_link(
    *,
    team_id: TeamId,
    seqno: int,
    prev_link_hash: bytes,
    signer: DeviceKeys,
    created_at: int,
    payload: Payload,
) -> bytes:
    """Encodes and signs a link; returns `link ‖ sig`."""
    w = Writer().u16(VERSION).u16(SUITE_ID).fixed(team_id, ID_LEN).u64(seqno)
    w.fixed(prev_link_hash, HASH_LEN).fixed(signer.device_id, ID_LEN).u64(created_at)
    body = Writer()
    payload.write(body)
    link = w.u8(payload.link_type).var(body.getvalue()).getvalue()
    return link + signer.sign(labels.LINK_SIG + link)


def parse_link(data: bytes) -> ParsedLink:
    """Strictly parses `link ‖ sig` (validation rule 1, minus the team check).

    Raises:
        ChainInvalid: "parse", "version", "suite", "type" (unknown) or "unsupported" (a type
            reserved for a later stage).
    """
    try:
        return _parse_link(data)
    except DecodeError:
        raise ChainInvalid("parse") from None
    except ValueError:
        # Dataclass field rules (e.g. public key lengths) met on outside data.
        raise ChainInvalid("parse") from None


def _parse_link(data: bytes) -> ParsedLink:
    r = Reader(data, max_var=MAX_PAYLOAD)
    version = r.u16()
    if version not in ALLOWED_SUITES:
        raise ChainInvalid("version")
    if r.u16() not in ALLOWED_SUITES[version]:
        raise ChainInvalid("suite")
    team_id, seqno, prev = TeamId(r.fixed(ID_LEN)), r.u64(), r.fixed(HASH_LEN)
    signer, created_at, raw_type = DeviceId(r.fixed(ID_LEN)), r.u64(), r.u8()
    payload_bytes = r.var()
    signed_len = len(data) - r.remaining
    signature = r.fixed(SIG_LEN)
    r.finish()
    try:
        link_type = LinkType(raw_type)
    except ValueError:
        raise ChainInvalid("type") from None
    read_payload = PAYLOAD_TYPES.get(link_type)
    if read_payload is None:
        raise ChainInvalid("unsupported")
    pr = Reader(payload_bytes)
    payload = read_payload(pr)
    pr.finish()
    raw = bytes(data)
    return ParsedLink(
        team_id, seqno, prev, signer, created_at, payload, raw[:signed_len], signature, raw
    )
