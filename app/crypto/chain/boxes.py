"""Seed boxes (crypto.md §3.5): `seed[n]` HPKE-sealed to one device, epoch and chain position.

`box = hpke.encrypt(seed[n], device_kem, info = epoch-box ‖ SHA256(u16 suite ‖ team ‖ u64 n ‖
device_id ‖ prev_link_hash))`, where `prev_link_hash` is that of the link carrying the box. A box
is therefore useless anywhere else, and the link's signature authenticates the anonymous HPKE
sender. Boxes are always exactly `BOX_LEN` bytes: `enc(32) ‖ seed(32) ‖ tag(16)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto import labels
from app.crypto.encoding import Reader, Writer
from app.crypto.epoch import SEED_LEN
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import HASH_LEN, HPKE_OVERHEAD, SUITE_ID, hpke_open, hpke_seal, sha256
from app.domain.ids import ID_LEN, DeviceId, TeamId

BOX_LEN = SEED_LEN + HPKE_OVERHEAD


@dataclass(frozen=True, slots=True)
class SeedBox:
    """One device's box in a link: `device_id(16) ‖ ciphertext(80)` on the wire."""

    device_id: DeviceId
    ciphertext: bytes

    def write(self, w: Writer) -> None:
        """Appends the box to a link payload."""
        w.fixed(self.device_id, ID_LEN).fixed(self.ciphertext, BOX_LEN)

    @classmethod
    def read(cls, r: Reader) -> SeedBox:
        """Reads one box from a link payload."""
        return cls(DeviceId(r.fixed(ID_LEN)), r.fixed(BOX_LEN))


def box_info(team_id: TeamId, n: int, device_id: DeviceId, prev_link_hash: bytes) -> bytes:
    """The HPKE info binding a box to its device, epoch and chain position."""
    w = Writer().u16(SUITE_ID).fixed(team_id, ID_LEN).u64(n).fixed(device_id, ID_LEN)
    return labels.EPOCH_BOX + sha256(w.fixed(prev_link_hash, HASH_LEN).getvalue())


def seal_seed_box(
    seed: bytes,
    kem_public: bytes,
    *,
    team_id: TeamId,
    n: int,
    device_id: DeviceId,
    prev_link_hash: bytes,
) -> SeedBox:
    """Boxes `seed[n]` to a device's KEM key (non-deterministic: pyca draws the ephemeral)."""
    if len(seed) != SEED_LEN:
        raise ValueError("a seed is 32 bytes")
    info = box_info(team_id, n, device_id, prev_link_hash)
    return SeedBox(device_id, hpke_seal(seed, kem_public, info))


def open_box(
    box: SeedBox, keys: DeviceKeys, *, team_id: TeamId, n: int, prev_link_hash: bytes
) -> bytes | None:
    """Opens a box addressed to `keys`; None if it does not open (the caller decides why)."""
    info = box_info(team_id, n, box.device_id, prev_link_hash)
    seed = hpke_open(box.ciphertext, keys.kem, info)
    return seed if seed is not None and len(seed) == SEED_LEN else None
