"""What `ChainState` records about devices, epochs, boxes and invites: plain frozen values."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from app.crypto.chain.boxes import SeedBox
from app.crypto.chain.payloads import RemoveReason, RevokeReason, SasStatus
from app.crypto.keys import DevicePublic
from app.crypto.names import SealedName
from app.domain.ids import DeviceId
from app.domain.model import Role

SEED_READERS = frozenset({Role.ADMIN, Role.MEMBER})
"""Roles that hold seeds and get a box in every epoch; the gateway never does."""

INVITE_SLACK = 300
"""Seconds an invite stays usable after `expires_at`: advisory clocks differ (crypto.md §5)."""

MAX_INVITE_LIFETIME = 24 * 3600
"""An invite may be valid for at most 24 hours from its link's `created_at`."""


@dataclass(frozen=True, slots=True)
class DeviceEntry:
    """A device as the chain knows it."""

    device_id: DeviceId
    role: Role
    keys: DevicePublic
    hub_key: bytes
    """The device's Ed25519 hub login key (32 bytes): its NATS nkey user while active."""
    added_at_seqno: int
    removed_at_seqno: int | None
    """Seqno of the `remove_device` link that removed it; None while active."""
    sas_status: SasStatus | None
    """None for the root, which is never enrolled."""
    name: SealedName
    """Encrypted display name."""
    removal_reason: RemoveReason | None = None

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
    prev_wrap: bytes = b""
    """`seed[n-1]` wrapped under `prev_wrap_key[n]`; empty for epoch 1."""


@dataclass(frozen=True, slots=True)
class BoxRecord:
    """A seed box and the chain position it is bound to."""

    n: int
    box: SeedBox
    prev_link_hash: bytes


class InviteStatus(enum.Enum):
    """Where an invite stands. Expiry is not a status: it depends on a clock (`is_open`)."""

    OPEN = "open"
    CONSUMED = "consumed"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class InviteEntry:
    """An invite as the chain knows it."""

    invite_id: bytes
    invite_public: bytes
    """Ed25519 key the join request must verify under."""
    hub_key: bytes
    """`invite_hub_key`: the hub admits it as a user while the invite is open."""
    nonce: bytes
    """The Argon2id salt's second half; the joiner needs it to re-derive the invite key."""
    role: Role
    expires_at: int
    created_by: DeviceId
    created_at_seqno: int
    status: InviteStatus = InviteStatus.OPEN
    closed_at_seqno: int | None = None
    """Seqno of the `add_device` or `invite_revoke` that closed it."""
    consumed_by: DeviceId | None = None
    revoke_reason: RevokeReason | None = None

    def is_open(self, now: int) -> bool:
        """Neither consumed nor revoked, and not past `expires_at` + slack at `now`."""
        return self.status is InviteStatus.OPEN and now <= self.expires_at + INVITE_SLACK


K = TypeVar("K")
V = TypeVar("V")


def frozen(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy."""
    return MappingProxyType(dict(mapping))


def empty() -> Mapping[Any, Any]:
    """An empty read-only mapping (a dataclass default)."""
    return MappingProxyType({})
