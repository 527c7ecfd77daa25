"""The team chain validator (crypto.md §3.5): a pure, copy-on-apply `ChainState`.

`ChainState.genesis(team_id, pinned_fingerprint).apply(link_1).apply(link_2)…` enforces:

1. strict parse, allowed version/suite, matching team;
2. `seqno` = previous + 1 and `prev_link_hash` = previous `link_hash`;
3. link 1 is `create_team`, self-signed by the key whose fingerprint is pinned (and only link 1);
4. every later link is signed by an active `admin` of the state *before* it;
5. `add_device`: fresh device id, a box exactly for seed readers, no invite yet (so invite id and
   join request must be empty), `skipped` SAS only for a gateway added by the root (§7.3).

A failing link raises `ChainInvalid(reason)` and leaves the state unchanged: the caller marks the
team `chain_invalid` and applies nothing more. The gateway runs the same validator; opening boxes
is separate (`unseal.py`), so it needs no seed. Rotation and removal slot into `_RULES` with
their payloads; `DeviceEntry.removed_at_seqno` and `EpochPublic.since_seqno` are already kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, TypeVar

from app.crypto.chain.boxes import SeedBox
from app.crypto.chain.links import ZERO_ID, AddDevice, CreateTeam, LinkType, ParsedLink, SasStatus
from app.crypto.chain.links import parse_link as _parse_link
from app.crypto.errors import ChainInvalid
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DevicePublic, device_id
from app.crypto.names import NameKind, SealedName
from app.crypto.primitives import HASH_LEN, ct_equal, ed25519_verify
from app.domain.ids import DeviceId, TeamId
from app.domain.model import Role

SEED_READERS = frozenset({Role.ADMIN, Role.MEMBER})
"""Roles that hold seeds and get a box in every epoch; the gateway never does."""


@dataclass(frozen=True, slots=True)
class DeviceEntry:
    """A device as the chain knows it."""

    device_id: DeviceId
    role: Role
    keys: DevicePublic
    added_at_seqno: int
    removed_at_seqno: int | None
    """Seqno of the removal link, once removals exist."""
    sas_status: SasStatus | None
    """None for the root, which is never enrolled."""
    name: SealedName
    """Encrypted display name."""

    @property
    def active(self) -> bool:
        """Not removed (as of the chain head)."""
        return self.removed_at_seqno is None


@dataclass(frozen=True, slots=True)
class EpochPublic:
    """What the chain publishes about epoch n."""

    n: int
    inbound_public: bytes
    """`D[n]`."""
    seed_commit: bytes
    since_seqno: int
    """Seqno of the link that started the epoch."""


@dataclass(frozen=True, slots=True)
class BoxRecord:
    """A seed box and the chain position it is bound to."""

    n: int
    box: SeedBox
    prev_link_hash: bytes


K = TypeVar("K")
V = TypeVar("V")


def _frozen(mapping: Mapping[K, V]) -> Mapping[K, V]:
    return MappingProxyType(dict(mapping))


def _empty() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ChainState:
    """Validated chain state after `head_seqno` links. Immutable: `apply` returns a new one."""

    team_id: TeamId
    pinned_fingerprint: bytes
    head_seqno: int = 0
    head_hash: bytes = bytes(HASH_LEN)
    root: DeviceId | None = None
    devices: Mapping[DeviceId, DeviceEntry] = field(default_factory=_empty)
    epochs: Mapping[int, EpochPublic] = field(default_factory=_empty)
    boxes: Mapping[tuple[int, DeviceId], BoxRecord] = field(default_factory=_empty)
    team_name: SealedName | None = None
    invites: Mapping[bytes, object] = field(default_factory=_empty)
    """Open invites by id; always empty until `invite_create` lands."""

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
    root = DeviceEntry(root_id, Role.ADMIN, p.root, link.seqno, None, None, name)
    return replace(
        state,
        root=root_id,
        devices=_frozen({root_id: root}),
        epochs=_frozen({1: EpochPublic(1, p.inbound_public, p.seed_commit, link.seqno)}),
        boxes=_frozen({(1, root_id): BoxRecord(1, p.boxes[0], link.prev_link_hash)}),
        team_name=SealedName(1, NameKind.TEAM, state.team_id, p.team_name),
    )


def _authorise_admin(state: ChainState, link: ParsedLink) -> DeviceEntry:
    """Rule 4: an active admin of the state before the link signed it."""
    signer = state.devices.get(link.signer)
    if signer is None or not signer.active or signer.role != Role.ADMIN:
        raise ChainInvalid("signer")
    if not ed25519_verify(signer.keys.sig, link.signature, link.signature_input()):
        raise ChainInvalid("signature")
    return signer


def _check_add_device(state: ChainState, signer: DeviceEntry, p: AddDevice) -> None:
    if p.device_id != device_id(p.keys.sig):
        raise ChainInvalid("device-id")
    if p.device_id in state.devices:
        raise ChainInvalid("device-exists")
    # No invites exist before `invite_create` lands, so only the zero invite passes for now.
    if p.invite_id != ZERO_ID and p.invite_id not in state.invites:
        raise ChainInvalid("invite")
    if p.invite_id == ZERO_ID and p.join_request:
        raise ChainInvalid("invite")
    skipped_ok = p.role == Role.GATEWAY and signer.device_id == state.root
    if p.sas_status == SasStatus.SKIPPED and not skipped_ok:
        raise ChainInvalid("sas")
    expected_boxes = [p.device_id] if p.role in SEED_READERS else []
    if [box.device_id for box in p.boxes] != expected_boxes:
        raise ChainInvalid("box")


def _apply_add_device(state: ChainState, link: ParsedLink) -> ChainState:
    p = link.payload
    if not isinstance(p, AddDevice):
        raise ChainInvalid("type")
    signer = _authorise_admin(state, link)
    _check_add_device(state, signer, p)
    n = state.epoch
    name = SealedName(n, NameKind.DEVICE, p.device_id, p.display_name)
    entry = DeviceEntry(p.device_id, p.role, p.keys, link.seqno, None, p.sas_status, name)
    boxes = dict(state.boxes)
    for box in p.boxes:
        boxes[(n, box.device_id)] = BoxRecord(n, box, link.prev_link_hash)
    return replace(
        state,
        devices=_frozen({**state.devices, p.device_id: entry}),
        boxes=_frozen(boxes),
    )


_RULES: Mapping[LinkType, Callable[[ChainState, ParsedLink], ChainState]] = MappingProxyType(
    {
        LinkType.CREATE_TEAM: _apply_create_team,
        LinkType.ADD_DEVICE: _apply_add_device,
    }
)
"""One validation rule per link type `links.PAYLOAD_TYPES` can parse."""
