"""Team chain link codec (crypto.md §3.5).

Wire form: `link ‖ sig(64)`, with `link = u16 version ‖ u16 suite ‖ team(16) ‖ u64 seqno ‖
prev_link_hash(32) ‖ signer_device_id(16) ‖ u64 created_at ‖ u8 type ‖ var payload`,
`sig = Ed25519(signer, link-sig ‖ link)` and `link_hash = SHA256(link ‖ sig)`.

Each link type has a payload dataclass with `write`/`read`; `PAYLOAD_TYPES` maps the types this
version can parse. Types reserved in `LinkType` but absent there (invites, removal, rotation and
the v1.1+ types) are refused as "unsupported" until their payload and rule land beside these.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from app.crypto import labels
from app.crypto.chain.boxes import SeedBox
from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import ChainInvalid, DecodeError
from app.crypto.keys import DeviceKeys, DevicePublic
from app.crypto.names import NAME_BLOB_LEN
from app.crypto.primitives import (
    ALLOWED_SUITES,
    HASH_LEN,
    PUBLIC_LEN,
    SIG_LEN,
    SUITE_ID,
    VERSION,
    sha256,
)
from app.domain.ids import ID_LEN, DeviceId, TeamId
from app.domain.model import Role

MAX_PAYLOAD = 1 << 18
"""Cap on one link payload: room for a rotation boxing to ~2 500 devices."""
MAX_BOXES = 4096
ZERO_ID = bytes(ID_LEN)


class LinkType(enum.IntEnum):
    """The link `type` byte. Values are wire format: never renumber."""

    CREATE_TEAM = 1
    INVITE_CREATE = 2
    ADD_DEVICE = 3
    REMOVE_DEVICE = 4
    """`remove_device` + `rotate` in one link."""
    ROTATE = 5
    SET_ROLE = 6
    INVITE_REVOKE = 7
    SET_RECOVERY_KEY = 8
    CHECKPOINT = 9


class SasStatus(enum.IntEnum):
    """How an `add_device` was authenticated (crypto.md §3.10, §7.3)."""

    VERIFIED = 1
    SKIPPED = 2
    """Only for the gateway, added by the root at initial setup on the same machine."""


def _write_publics(w: Writer, keys: DevicePublic) -> None:
    w.fixed(keys.sig, PUBLIC_LEN).fixed(keys.kem, PUBLIC_LEN)


def _read_publics(r: Reader) -> DevicePublic:
    return DevicePublic(sig=r.fixed(PUBLIC_LEN), kem=r.fixed(PUBLIC_LEN))


def _read_boxes(r: Reader) -> tuple[SeedBox, ...]:
    boxes = tuple(r.items(SeedBox.read, MAX_BOXES))
    ids = [box.device_id for box in boxes]
    # A list whose order carries no meaning is sorted, so it has one encoding (crypto.md §3.2).
    if ids != sorted(set(ids)):
        raise DecodeError("order")
    return boxes


@dataclass(frozen=True, slots=True)
class CreateTeam:
    """Link 1: the root device, epoch 1 and the sealed team name."""

    root: DevicePublic
    epoch: int
    inbound_public: bytes
    """`D[1]`."""
    seed_commit: bytes
    boxes: tuple[SeedBox, ...]
    """Exactly the root's box."""
    team_name: bytes
    """Sealed under epoch 1 (`names.SealedName` blob)."""
    root_name: bytes
    """The root device's display name, sealed under epoch 1."""

    link_type = LinkType.CREATE_TEAM

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        _write_publics(w, self.root)
        w.u64(self.epoch).fixed(self.inbound_public, PUBLIC_LEN).fixed(self.seed_commit, HASH_LEN)
        w.items(self.boxes, SeedBox.write)
        w.fixed(self.team_name, NAME_BLOB_LEN).fixed(self.root_name, NAME_BLOB_LEN)

    @classmethod
    def read(cls, r: Reader) -> CreateTeam:
        """Reads the payload fields."""
        return cls(
            root=_read_publics(r),
            epoch=r.u64(),
            inbound_public=r.fixed(PUBLIC_LEN),
            seed_commit=r.fixed(HASH_LEN),
            boxes=_read_boxes(r),
            team_name=r.fixed(NAME_BLOB_LEN),
            root_name=r.fixed(NAME_BLOB_LEN),
        )


@dataclass(frozen=True, slots=True)
class AddDevice:
    """A new admin, member or gateway device."""

    device_id: DeviceId
    keys: DevicePublic
    role: Role
    invite_id: bytes
    """The consumed invite; zeros while enrollment is not implemented."""
    join_request: bytes
    """The joiner's signed request; empty with a zero `invite_id`."""
    sas_transcript: bytes
    """Hash of the SAS transcript; zeros while enrollment is not implemented."""
    sas_status: SasStatus
    boxes: tuple[SeedBox, ...]
    """The new device's box of the current seed; none for a gateway."""
    display_name: bytes
    """Sealed under the current epoch (`names.SealedName` blob)."""

    link_type = LinkType.ADD_DEVICE

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        w.fixed(self.device_id, ID_LEN)
        _write_publics(w, self.keys)
        w.u8(self.role).fixed(self.invite_id, ID_LEN).var(self.join_request)
        w.fixed(self.sas_transcript, HASH_LEN).u8(self.sas_status)
        w.items(self.boxes, SeedBox.write).fixed(self.display_name, NAME_BLOB_LEN)

    @classmethod
    def read(cls, r: Reader) -> AddDevice:
        """Reads the payload fields."""
        return cls(
            device_id=DeviceId(r.fixed(ID_LEN)),
            keys=_read_publics(r),
            role=read_enum(r.u8(), Role),
            invite_id=r.fixed(ID_LEN),
            join_request=r.var(),
            sas_transcript=r.fixed(HASH_LEN),
            sas_status=read_enum(r.u8(), SasStatus),
            boxes=_read_boxes(r),
            display_name=r.fixed(NAME_BLOB_LEN),
        )


Payload = CreateTeam | AddDevice

PAYLOAD_TYPES: dict[LinkType, Callable[[Reader], Payload]] = {
    LinkType.CREATE_TEAM: CreateTeam.read,
    LinkType.ADD_DEVICE: AddDevice.read,
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
