"""Payloads of the team chain's link types (crypto.md §3.5, team-setup.md §2).

Each payload is a frozen dataclass with `write`/`read` over the canonical codec and its
`link_type`. Lists whose order carries no meaning (boxes, removed ids) are sorted by device id
and free of duplicates, so each payload has exactly one encoding.

    create_team    root sig ‖ kem ‖ root_hub_key ‖ u64 epoch ‖ D[1] ‖ seed_commit[1] ‖ boxes ‖
                   team name ‖ root name
    add_device     device id ‖ sig ‖ kem ‖ hub_key ‖ u8 role ‖ invite_id ‖ var join_request ‖
                   sas_transcript ‖ u8 sas_status ‖ boxes ‖ display name
    invite_create  invite_id(16) ‖ invite_public(32) ‖ invite_hub_key(32) ‖ nonce(16) ‖ u8 role ‖
                   u64 expires_at
    invite_revoke  invite_id ‖ u8 reason
    remove_device  removed ids ‖ u8 reason ‖ rotation
    rotate         rotation
    rotation     = u64 epoch n+1 ‖ D[n+1] ‖ seed_commit[n+1] ‖ boxes ‖ prev_wrap (nonce 12 ‖ ct 48)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.crypto.chain.boxes import SeedBox
from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.epoch import SEED_LEN
from app.crypto.errors import DecodeError
from app.crypto.keys import DevicePublic
from app.crypto.names import NAME_BLOB_LEN
from app.crypto.primitives import HASH_LEN, NONCE_LEN, PUBLIC_LEN, TAG_LEN
from app.domain.ids import ID_LEN, DeviceId
from app.domain.model import Role

MAX_BOXES = 4096
ZERO_ID = bytes(ID_LEN)
INVITE_NONCE_LEN = 16
PREV_WRAP_LEN = NONCE_LEN + SEED_LEN + TAG_LEN
"""`nonce(12) ‖ ChaCha20-Poly1305(seed)(48)`."""


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


class RevokeReason(enum.IntEnum):
    """Why an admin burnt an invite. Values are wire format."""

    CANCELLED = 1
    SAS_MISMATCH = 2


class RemoveReason(enum.IntEnum):
    """Why devices were removed (crypto.md §3.11 item 1). Values are wire format."""

    DEVICE = 1
    """One device taken out of the team."""
    MEMBER = 2
    """A person left: all their devices."""
    LOST = 3
    COMPROMISED = 4


def _write_publics(w: Writer, keys: DevicePublic) -> None:
    w.fixed(keys.sig, PUBLIC_LEN).fixed(keys.kem, PUBLIC_LEN)


def _read_publics(r: Reader) -> DevicePublic:
    return DevicePublic(sig=r.fixed(PUBLIC_LEN), kem=r.fixed(PUBLIC_LEN))


def _sorted_unique(ids: list[DeviceId]) -> None:
    # A list whose order carries no meaning is sorted, so it has one encoding (crypto.md §3.2).
    if ids != sorted(set(ids)):
        raise DecodeError("order")


def _read_boxes(r: Reader) -> tuple[SeedBox, ...]:
    boxes = tuple(r.items(SeedBox.read, MAX_BOXES))
    _sorted_unique([box.device_id for box in boxes])
    return boxes


def _read_id(r: Reader) -> DeviceId:
    return DeviceId(r.fixed(ID_LEN))


def _write_id(device: DeviceId, w: Writer) -> None:
    w.fixed(device, ID_LEN)


@dataclass(frozen=True, slots=True)
class CreateTeam:
    """Link 1: the root device, epoch 1 and the sealed team name."""

    root: DevicePublic
    root_hub_key: bytes
    """The root's Ed25519 hub login key (team-setup.md §1)."""
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
        w.fixed(self.root_hub_key, PUBLIC_LEN)
        w.u64(self.epoch).fixed(self.inbound_public, PUBLIC_LEN).fixed(self.seed_commit, HASH_LEN)
        w.items(self.boxes, SeedBox.write)
        w.fixed(self.team_name, NAME_BLOB_LEN).fixed(self.root_name, NAME_BLOB_LEN)

    @classmethod
    def read(cls, r: Reader) -> CreateTeam:
        """Reads the payload fields."""
        return cls(
            root=_read_publics(r),
            root_hub_key=r.fixed(PUBLIC_LEN),
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
    hub_key: bytes
    """The device's Ed25519 hub login key."""
    role: Role
    invite_id: bytes
    """The consumed invite; zeros only for the root's `skipped` gateway (crypto.md §7.3)."""
    join_request: bytes
    """The joiner's signed request (`enroll.messages`); empty with a zero `invite_id`."""
    sas_transcript: bytes
    """`enroll.sas.transcript_hash` of the handshake; zeros without an invite."""
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
        w.fixed(self.hub_key, PUBLIC_LEN)
        w.u8(self.role).fixed(self.invite_id, ID_LEN).var(self.join_request)
        w.fixed(self.sas_transcript, HASH_LEN).u8(self.sas_status)
        w.items(self.boxes, SeedBox.write).fixed(self.display_name, NAME_BLOB_LEN)

    @classmethod
    def read(cls, r: Reader) -> AddDevice:
        """Reads the payload fields."""
        return cls(
            device_id=_read_id(r),
            keys=_read_publics(r),
            hub_key=r.fixed(PUBLIC_LEN),
            role=read_enum(r.u8(), Role),
            invite_id=r.fixed(ID_LEN),
            join_request=r.var(2048),
            sas_transcript=r.fixed(HASH_LEN),
            sas_status=read_enum(r.u8(), SasStatus),
            boxes=_read_boxes(r),
            display_name=r.fixed(NAME_BLOB_LEN),
        )


@dataclass(frozen=True, slots=True)
class InviteCreate:
    """An admin opens a single-use invite for one role."""

    invite_id: bytes
    invite_public: bytes
    """Ed25519 key the join request must verify under (from Argon2id of the code)."""
    invite_hub_key: bytes
    """Ed25519 hub login key of the joiner while the invite is open."""
    nonce: bytes
    """Second half of the Argon2id salt (`team_id ‖ nonce`)."""
    role: Role
    expires_at: int
    """Unix seconds; checked against the consuming link's advisory `created_at` + 300 s."""

    link_type = LinkType.INVITE_CREATE

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        w.fixed(self.invite_id, ID_LEN).fixed(self.invite_public, PUBLIC_LEN)
        w.fixed(self.invite_hub_key, PUBLIC_LEN).fixed(self.nonce, INVITE_NONCE_LEN)
        w.u8(self.role).u64(self.expires_at)

    @classmethod
    def read(cls, r: Reader) -> InviteCreate:
        """Reads the payload fields."""
        return cls(
            invite_id=r.fixed(ID_LEN),
            invite_public=r.fixed(PUBLIC_LEN),
            invite_hub_key=r.fixed(PUBLIC_LEN),
            nonce=r.fixed(INVITE_NONCE_LEN),
            role=read_enum(r.u8(), Role),
            expires_at=r.u64(),
        )


@dataclass(frozen=True, slots=True)
class InviteRevoke:
    """An admin burns an open invite (cancelled, or the SAS did not match)."""

    invite_id: bytes
    reason: RevokeReason

    link_type = LinkType.INVITE_REVOKE

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        w.fixed(self.invite_id, ID_LEN).u8(self.reason)

    @classmethod
    def read(cls, r: Reader) -> InviteRevoke:
        """Reads the payload fields."""
        return cls(invite_id=r.fixed(ID_LEN), reason=read_enum(r.u8(), RevokeReason))


@dataclass(frozen=True, slots=True)
class Rotation:
    """A new epoch n+1: its public values, a box per seed reader and the wrapped `seed[n]`."""

    epoch: int
    inbound_public: bytes
    """`D[n+1]`."""
    seed_commit: bytes
    boxes: tuple[SeedBox, ...]
    """One per active seed reader after the link, sorted by device id."""
    prev_wrap: bytes
    """`nonce ‖ ChaCha20-Poly1305(prev_wrap_key[n+1], nonce, seed[n], aad = team ‖ u64 n)`."""

    def write(self, w: Writer) -> None:
        """Appends the rotation fields."""
        w.u64(self.epoch).fixed(self.inbound_public, PUBLIC_LEN).fixed(self.seed_commit, HASH_LEN)
        w.items(self.boxes, SeedBox.write).fixed(self.prev_wrap, PREV_WRAP_LEN)

    @classmethod
    def read(cls, r: Reader) -> Rotation:
        """Reads the rotation fields."""
        return cls(
            epoch=r.u64(),
            inbound_public=r.fixed(PUBLIC_LEN),
            seed_commit=r.fixed(HASH_LEN),
            boxes=_read_boxes(r),
            prev_wrap=r.fixed(PREV_WRAP_LEN),
        )


@dataclass(frozen=True, slots=True)
class RemoveDevice:
    """`remove_device` + `rotate` in one link: the removed devices cannot open epoch n+1."""

    removed: tuple[DeviceId, ...]
    """Sorted, without duplicates, never empty."""
    reason: RemoveReason
    rotation: Rotation

    link_type = LinkType.REMOVE_DEVICE

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        w.items(self.removed, _write_id).u8(self.reason)
        self.rotation.write(w)

    @classmethod
    def read(cls, r: Reader) -> RemoveDevice:
        """Reads the payload fields."""
        removed = tuple(r.items(_read_id, MAX_BOXES))
        _sorted_unique(list(removed))
        return cls(removed, read_enum(r.u8(), RemoveReason), Rotation.read(r))


@dataclass(frozen=True, slots=True)
class Rotate:
    """A rotation without removals (manual, or after a gateway replacement)."""

    rotation: Rotation

    link_type = LinkType.ROTATE

    def write(self, w: Writer) -> None:
        """Appends the payload fields."""
        self.rotation.write(w)

    @classmethod
    def read(cls, r: Reader) -> Rotate:
        """Reads the payload fields."""
        return cls(Rotation.read(r))


Payload = CreateTeam | AddDevice | InviteCreate | InviteRevoke | RemoveDevice | Rotate
