"""The team chain validator (crypto.md §3.5): a pure, copy-on-apply `ChainState`.

`ChainState.genesis(team_id, pinned_fingerprint).apply(link_1).apply(link_2)…` enforces:

1. strict parse, allowed version/suite, matching team;
2. `seqno` = previous + 1 and `prev_link_hash` = previous `link_hash`;
3. link 1 is `create_team`, self-signed by the key whose fingerprint is pinned (and only link 1);
4. every later link is signed by an active `admin` of the state *before* it (so a removed
   device can sign nothing);
5. `add_device`: fresh device id and hub key, a box exactly for seed readers, and either an open
   invite of the same role, used before `expires_at` + 300 s by the link's `created_at`, with a
   join request verifying under the invite key and the new device key and naming the same keys,
   or no invite and a `skipped` SAS for a gateway added by the root (§7.3);
6. `invite_create`/`invite_revoke`, `remove_device`/`rotate`: see `rules.py`.

A failing link raises `ChainInvalid(reason)` and leaves the state unchanged: the caller marks the
team `chain_invalid` and applies nothing more. The gateway and the hub run the same validator;
opening boxes and `prev_wrap` is separate (`unseal.py`, `unwind.py`), so they need no seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from app.crypto.chain import rules
from app.crypto.chain.entries import (
    SEED_READERS,
    BoxRecord,
    DeviceEntry,
    EpochPublic,
    InviteEntry,
    InviteStatus,
    empty,
    frozen,
)
from app.crypto.chain.links import AddDevice, CreateTeam, LinkType, ParsedLink
from app.crypto.chain.links import parse_link as _parse_link
from app.crypto.errors import ChainInvalid
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import device_id
from app.crypto.names import NameKind, SealedName
from app.crypto.primitives import HASH_LEN, ct_equal, ed25519_verify
from app.domain.ids import DeviceId, TeamId
from app.domain.model import Role

__all__ = [
    "SEED_READERS",
    "BoxRecord",
    "ChainState",
    "DeviceEntry",
    "EpochPublic",
    "InviteEntry",
    "InviteStatus",
]


@dataclass(frozen=True, slots=True)
class ChainState:
    """Validated chain state after `head_seqno` links. Immutable: `apply` returns a new one."""

    team_id: TeamId
    pinned_fingerprint: bytes
    head_seqno: int = 0
    head_hash: bytes = bytes(HASH_LEN)
    root: DeviceId | None = None
    devices: Mapping[DeviceId, DeviceEntry] = field(default_factory=empty)
    epochs: Mapping[int, EpochPublic] = field(default_factory=empty)
    boxes: Mapping[tuple[int, DeviceId], BoxRecord] = field(default_factory=empty)
    team_name: SealedName | None = None
    invites: Mapping[bytes, InviteEntry] = field(default_factory=empty)
    """Every invite ever created, by id, whatever its status."""

    @classmethod
    def genesis(cls, team_id: TeamId, pinned_fingerprint: bytes) -> ChainState:
        """The empty state a device starts from: only the pinned fingerprint is trusted."""
        return cls(team_id=team_id, pinned_fingerprint=pinned_fingerprint)

    @property
    def epoch(self) -> int:
        """The current epoch number; 0 before `create_team`."""
        return max(self.epochs, default=0)

    def epoch_public(self, n: int) -> tuple[bytes, bytes]:
        """`(D[n], seed_commit[n])`; KeyError for an unknown epoch."""
        pub = self.epochs[n]
        return pub.inbound_public, pub.seed_commit

    def epoch_at(self, seqno: int) -> int:
        """The epoch in force once link `seqno` was applied; 0 if none yet."""
        return max((p.n for p in self.epochs.values() if p.since_seqno <= seqno), default=0)

    def is_active(self, device: DeviceId, at_seqno: int) -> bool:
        """True if `device` was in the team when link `at_seqno` was the head."""
        entry = self.devices.get(device)
        if entry is None or entry.added_at_seqno > at_seqno:
            return False
        return entry.removed_at_seqno is None or at_seqno < entry.removed_at_seqno

    def is_admin(self, device: DeviceId) -> bool:
        """True if `device` is an admin of the team at the head (added, not removed)."""
        entry = self.devices.get(device)
        return entry is not None and entry.active and entry.role is Role.ADMIN

    def active_devices(self) -> list[DeviceEntry]:
        """Devices active at the head, sorted by id (the hub's users, with the open invites)."""
        return sorted((e for e in self.devices.values() if e.active), key=lambda e: e.device_id)

    def seed_readers(self) -> list[DeviceId]:
        """Active admins and members, sorted: who gets a box in a rotation now."""
        return [e.device_id for e in self.active_devices() if e.role in SEED_READERS]

    def open_invites(self, now: int) -> list[InviteEntry]:
        """Invites usable at `now` (Unix seconds), sorted by id."""
        return sorted(
            (i for i in self.invites.values() if i.is_open(now)), key=lambda i: i.invite_id
        )

    def apply(self, data: bytes) -> ChainState:
        """Validates one link against this state and returns the state after it.

        Raises:
            ChainInvalid: The link breaks a rule; `self` is unchanged.
        """
        link = _parse_link(data)
        if link.team_id != self.team_id:
            raise ChainInvalid("team")
        if link.seqno != self.head_seqno + 1:
            raise ChainInvalid("seqno")
        if link.prev_link_hash != self.head_hash:
            raise ChainInvalid("prev-hash")
        if (link.seqno == 1) != isinstance(link.payload, CreateTeam):
            raise ChainInvalid("genesis")
        rule = _RULES[link.payload.link_type]
        after = rule(self, link)
        return replace(after, head_seqno=link.seqno, head_hash=link.link_hash)


def _apply_create_team(state: ChainState, link: ParsedLink) -> ChainState:
    p = link.payload
    if not isinstance(p, CreateTeam):
        raise ChainInvalid("type")
    root_id = device_id(p.root.sig)
    if link.signer != root_id:
        raise ChainInvalid("signer")
    if not ct_equal(team_fingerprint(state.team_id, p.root.sig), state.pinned_fingerprint):
        raise ChainInvalid("fingerprint")
    if not ed25519_verify(p.root.sig, link.signature, link.signature_input()):
        raise ChainInvalid("signature")
    if p.epoch != 1:
        raise ChainInvalid("epoch")
    if [box.device_id for box in p.boxes] != [root_id]:
        raise ChainInvalid("box")
    name = SealedName(1, NameKind.DEVICE, root_id, p.root_name)
    root = DeviceEntry(root_id, Role.ADMIN, p.root, p.root_hub_key, link.seqno, None, None, name)
    return replace(
        state,
        root=root_id,
        devices=frozen({root_id: root}),
        epochs=frozen({1: EpochPublic(1, p.inbound_public, p.seed_commit, link.seqno)}),
        boxes=frozen({(1, root_id): BoxRecord(1, p.boxes[0], link.prev_link_hash)}),
        team_name=SealedName(1, NameKind.TEAM, state.team_id, p.team_name),
    )


def _check_add_device(
    state: ChainState, signer: DeviceEntry, link: ParsedLink, p: AddDevice
) -> None:
    if p.device_id != device_id(p.keys.sig):
        raise ChainInvalid("device-id")
    if p.device_id in state.devices:
        raise ChainInvalid("device-exists")
    rules.check_hub_key_fresh(state, p.hub_key)
    rules.check_invite_use(state, signer, link, p)
    expected_boxes = [p.device_id] if p.role in SEED_READERS else []
    if [box.device_id for box in p.boxes] != expected_boxes:
        raise ChainInvalid("box")


def _apply_add_device(state: ChainState, link: ParsedLink) -> ChainState:
    p = link.payload
    if not isinstance(p, AddDevice):
        raise ChainInvalid("type")
    signer = rules.authorise_admin(state, link)
    _check_add_device(state, signer, link, p)
    n = state.epoch
    name = SealedName(n, NameKind.DEVICE, p.device_id, p.display_name)
    entry = DeviceEntry(
        p.device_id, p.role, p.keys, p.hub_key, link.seqno, None, p.sas_status, name
    )
    boxes = dict(state.boxes)
    for box in p.boxes:
        boxes[(n, box.device_id)] = BoxRecord(n, box, link.prev_link_hash)
    invites = state.invites
    if p.invite_id in invites:
        consumed = replace(
            invites[p.invite_id],
            status=InviteStatus.CONSUMED,
            closed_at_seqno=link.seqno,
            consumed_by=p.device_id,
        )
        invites = frozen({**invites, p.invite_id: consumed})
    return replace(
        state,
        devices=frozen({**state.devices, p.device_id: entry}),
        boxes=frozen(boxes),
        invites=invites,
    )


_RULES: Mapping[LinkType, Callable[[ChainState, ParsedLink], ChainState]] = MappingProxyType(
    {
        LinkType.CREATE_TEAM: _apply_create_team,
        LinkType.ADD_DEVICE: _apply_add_device,
        LinkType.INVITE_CREATE: rules.apply_invite_create,
        LinkType.INVITE_REVOKE: rules.apply_invite_revoke,
        LinkType.REMOVE_DEVICE: rules.apply_remove_device,
        LinkType.ROTATE: rules.apply_rotate,
    }
)
"""One validation rule per link type `links.PAYLOAD_TYPES` can parse."""
